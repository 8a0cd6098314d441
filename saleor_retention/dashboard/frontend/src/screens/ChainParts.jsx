// What the chain screens share: their calls to the API (Chains.graphql), chains and
// steps in words, and the enabled switch.
import { Box, Text } from "@saleor/macaw-ui";
import { useState } from "react";
import { defineMessages, useIntl } from "react-intl";

import { notifyDashboard } from "../bridge.js";
import { enumLabel } from "../enums.js";
import { formatMoney } from "../format.js";
import CHAINS from "../graphql/Chains.graphql";
import { FieldMessages, runAction } from "./forms.jsx";

export const TEMPLATES = ["FIRST_REMINDER", "FOLLOW_UP", "LAST_CHANCE"];

/** What a step's delay is counted from, by the API's value. */
export const DELAY_FROM = defineMessages({
  TRIGGER: { id: "chains.delayFromTrigger", defaultMessage: "from abandonment" },
  PREVIOUS_STEP: { id: "chains.delayFromPreviousStep", defaultMessage: "from the previous step" },
});

const WORDS = defineMessages({
  minutes: { id: "chains.minutes", defaultMessage: "{minutes} min" },
  hours: { id: "chains.hours", defaultMessage: "{hours} h" },
  hoursAndMinutes: { id: "chains.hoursAndMinutes", defaultMessage: "{hours} h {minutes} min" },
  percentOff: { id: "chains.percentOff", defaultMessage: "{percent} off" },
  amountOff: { id: "chains.amountOff", defaultMessage: "{amount} off" },
  noSteps: { id: "chains.noSteps", defaultMessage: "No steps" },
  afterPreviousStep: { id: "chains.afterPreviousStep", defaultMessage: "+{delay}" },
  lastStepWith: { id: "chains.lastStepWith", defaultMessage: "last with {discount}" },
  stepWith: { id: "chains.stepWith", defaultMessage: "step {position} with {discount}" },
  everyChannel: { id: "chains.everyChannel", defaultMessage: "Every channel" },
  withOneOfProducts: { id: "chains.withOneOfProducts",
    defaultMessage: "with one of {count, plural, one {# product} other {# products}}" },
  withoutProducts: { id: "chains.withoutProducts",
    defaultMessage: "without {count, plural, one {# product} other {# products}}" },
  withOneOfCategories: { id: "chains.withOneOfCategories",
    defaultMessage: "with one of {count, plural, one {# category} other {# categories}}" },
  withoutCategories: { id: "chains.withoutCategories",
    defaultMessage: "without {count, plural, one {# category} other {# categories}}" },
  cartsBetween: { id: "chains.cartsBetween", defaultMessage: "carts of {min}–{max}" },
  cartsFrom: { id: "chains.cartsFrom", defaultMessage: "carts of {min} or more" },
  cartsUpTo: { id: "chains.cartsUpTo", defaultMessage: "carts up to {max}" },
  cartsIn: { id: "chains.cartsIn", defaultMessage: "carts in {currency}" },
  eitherRange: { id: "chains.eitherRange", defaultMessage: "{before} or {after}" },
  newCustomers: { id: "chains.newCustomersCondition", defaultMessage: "new customers" },
  returningCustomers: { id: "chains.returningCustomersCondition",
    defaultMessage: "returning customers" },
  inLanguages: { id: "chains.inLanguages", defaultMessage: "in {languages}" },
  everyCheckout: { id: "chains.everyAbandonedCheckout",
    defaultMessage: "Every abandoned checkout" },
});

/** Runs `operation` of Chains.graphql; see runAction. */
export function runChainAction(page, state, operation, variables) {
  return runAction(page, state, CHAINS, operation, variables);
}

/** Shows a success in the Dashboard's notifications. */
export function notifySaved(title, text) {
  notifyDashboard({ status: "success", title, text });
}

/** Returns a number of minutes as staff read a delay: "30 min", "1 h", "1 h 30 min". */
export function formatMinutes(intl, minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return intl.formatMessage(WORDS.minutes, { minutes: rest });
  return rest ? intl.formatMessage(WORDS.hoursAndMinutes, { hours, minutes: rest })
    : intl.formatMessage(WORDS.hours, { hours });
}

/** Returns what a policy takes off: "10% off", "5 off". */
export function discountWords(intl, policy) {
  const value = Number(policy.value);
  return policy.kind === "PERCENTAGE"
    ? intl.formatMessage(WORDS.percentOff, {
      percent: intl.formatNumber(value / 100, { style: "percent", maximumFractionDigits: 2 }) })
    : intl.formatMessage(WORDS.amountOff, { amount: intl.formatNumber(value) });
}

/** Returns the steps in one line: "1 h → 24 h → 48 h, last with 10% off"; a delay from
 * the previous step reads "+24 h". */
export function stepsSummary(intl, steps) {
  if (!steps.length) return intl.formatMessage(WORDS.noSteps);
  const delays = steps.map((step) => {
    const delay = formatMinutes(intl, step.delayMinutes);
    return step.delayFrom === "PREVIOUS_STEP"
      ? intl.formatMessage(WORDS.afterPreviousStep, { delay }) : delay;
  }).join(" → ");
  const discounts = steps.map((step, index) => {
    if (!step.discountPolicy) return null;
    const discount = discountWords(intl, step.discountPolicy);
    return index === steps.length - 1
      ? intl.formatMessage(WORDS.lastStepWith, { discount })
      : intl.formatMessage(WORDS.stepWith, { position: step.position, discount });
  }).filter(Boolean);
  return [delays, ...discounts].join(", ");
}

/** Returns the chain's channels in words. */
export function channelsWords(intl, channels) {
  return channels.length ? channels.join(", ") : intl.formatMessage(WORDS.everyChannel);
}

function idsWords(intl, part, withOneOf, without) {
  const words = [];
  if (part?.include?.length) {
    words.push(intl.formatMessage(withOneOf, { count: part.include.length }));
  }
  if (part?.exclude?.length) words.push(intl.formatMessage(without, { count: part.exclude.length }));
  return words;
}

function boundsWords(intl, currency, bounds) {
  const money = (amount) => formatMoney(Number(amount), currency, intl.locale);
  const hasMin = bounds.min != null && bounds.min !== "";
  const hasMax = bounds.max != null && bounds.max !== "";
  if (hasMin && hasMax) {
    return intl.formatMessage(WORDS.cartsBetween, { min: money(bounds.min), max: money(bounds.max) });
  }
  if (hasMin) return intl.formatMessage(WORDS.cartsFrom, { min: money(bounds.min) });
  if (hasMax) return intl.formatMessage(WORDS.cartsUpTo, { max: money(bounds.max) });
  return intl.formatMessage(WORDS.cartsIn, { currency });
}

/** Returns the chain's conditions (a JSON string, see RetentionChain.conditions) in words:
 * "Carts of $50.00–$500.00; new customers; in EN". */
export function conditionsWords(intl, conditions) {
  let data;
  try {
    data = JSON.parse(conditions || "{}") ?? {};
  } catch {
    return conditions;
  }
  const words = [];
  const ranges = Object.entries(data.cart_value ?? {})
    .map(([currency, bounds]) => boundsWords(intl, currency, bounds ?? {}));
  if (ranges.length) {
    words.push(ranges.reduce((before, after) => intl.formatMessage(WORDS.eitherRange,
      { before, after })));
  }
  if (data.customer === "new") words.push(intl.formatMessage(WORDS.newCustomers));
  if (data.customer === "returning") words.push(intl.formatMessage(WORDS.returningCustomers));
  words.push(...idsWords(intl, data.products, WORDS.withOneOfProducts, WORDS.withoutProducts));
  words.push(...idsWords(intl, data.categories, WORDS.withOneOfCategories,
    WORDS.withoutCategories));
  if (data.languages?.length) {
    words.push(intl.formatMessage(WORDS.inLanguages, { languages: data.languages.join(", ") }));
  }
  if (!words.length) return intl.formatMessage(WORDS.everyCheckout);
  // The parts read as one sentence: only the first starts with a capital.
  const text = words.join("; ");
  return text.charAt(0).toLocaleUpperCase(intl.locale) + text.slice(1);
}

/** Returns a template's name for staff: "First reminder". */
export function templateWords(intl, template) {
  return enumLabel(intl, template);
}

/** Switches a chain on or off at once (retentionChainUpdate); the API's refusal shows
 * under it, and `onChange` gets the chain as stored. */
export function EnabledSwitch({ page, state, chain, onChange }) {
  const intl = useIntl();
  const [running, setRunning] = useState(false);
  const [messages, setMessages] = useState([]);
  const flip = async (event) => {
    event.stopPropagation();
    setRunning(true);
    const enabled = !chain.enabled;
    const answer = await runChainAction(page, state, "DashboardChainUpdate",
      { id: chain.id, input: { enabled } });
    setRunning(false);
    setMessages(answer.errors.map((error) => error.message));
    if (answer.errors.length) return;
    const name = chain.name;
    if (enabled) {
      notifySaved(
        intl.formatMessage({ id: "chains.switchedOn", defaultMessage: "Chain switched on" }),
        intl.formatMessage({ id: "chains.switchedOnText",
          defaultMessage: "“{name}” takes new abandoned checkouts." }, { name }));
    } else {
      notifySaved(
        intl.formatMessage({ id: "chains.switchedOff", defaultMessage: "Chain switched off" }),
        intl.formatMessage({ id: "chains.switchedOffText",
          defaultMessage: "“{name}” takes no new checkouts; its running ones stop." }, { name }));
    }
    onChange(answer.chain);
  };
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Box as="button" type="button" role="switch" aria-checked={chain.enabled}
        aria-label={intl.formatMessage({ id: "chains.enabledLabel",
          defaultMessage: "{name} enabled" }, { name: chain.name })} data-testid="chain-enabled" disabled={running}
        onClick={flip} display="flex" alignItems="center" gap={2} cursor="pointer"
        backgroundColor="transparent" borderWidth={0} padding={0}>
        <Box as="span" __width="32px" __height="18px" padding={0.5} style={{ borderRadius: "9px" }}
          display="flex" justifyContent={chain.enabled ? "flex-end" : "flex-start"}
          backgroundColor={chain.enabled ? "accent1" : "default3"}>
          <Box as="span" __width="14px" __height="14px" backgroundColor="default1"
            style={{ borderRadius: "7px" }} />
        </Box>
        <Text size={3}>{chain.enabled
          ? intl.formatMessage({ id: "chains.on", defaultMessage: "On" })
          : intl.formatMessage({ id: "chains.off", defaultMessage: "Off" })}</Text>
      </Box>
      <FieldMessages field="enabled" messages={messages} />
    </Box>
  );
}

