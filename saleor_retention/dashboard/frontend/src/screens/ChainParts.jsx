// What the chain screens share: their calls to the API (Chains.graphql), chains and
// steps in words, and the enabled switch.
import { Box, Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { notifyDashboard } from "../bridge.js";
import { enumWords, formatMoney } from "../format.js";
import CHAINS from "../graphql/Chains.graphql";
import { FieldMessages, runAction } from "./forms.jsx";

export const TEMPLATES = ["FIRST_REMINDER", "FOLLOW_UP", "LAST_CHANCE"];

export const DELAY_FROM = {
  TRIGGER: "from abandonment",
  PREVIOUS_STEP: "from the previous step",
};

/** Runs `operation` of Chains.graphql; see runAction. */
export function runChainAction(page, state, operation, variables) {
  return runAction(page, state, CHAINS, operation, variables);
}

/** Shows a success in the Dashboard's notifications. */
export function notifySaved(title, text) {
  notifyDashboard({ status: "success", title, text });
}

/** Returns a number of minutes as staff read a delay: "30 min", "1 h", "1 h 30 min". */
export function formatMinutes(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** Returns what a policy takes off: "10% off", "5 off". */
export function discountWords(policy) {
  const value = Number(policy.value);
  return policy.kind === "PERCENTAGE" ? `${value}% off` : `${value} off`;
}

/** Returns the steps in one line: "1 h → 24 h → 48 h, last with 10% off"; a delay from
 * the previous step reads "+24 h". */
export function stepsSummary(steps) {
  if (!steps.length) return "No steps";
  const delays = steps.map((step) => (step.delayFrom === "PREVIOUS_STEP" ? "+" : "") +
    formatMinutes(step.delayMinutes)).join(" → ");
  const discounts = steps.map((step, index) => {
    if (!step.discountPolicy) return null;
    const which = index === steps.length - 1 ? "last" : `step ${step.position}`;
    return `${which} with ${discountWords(step.discountPolicy)}`;
  }).filter(Boolean);
  return [delays, ...discounts].join(", ");
}

/** Returns the chain's channels in words. */
export function channelsWords(channels) {
  return channels.length ? channels.join(", ") : "Every channel";
}

function countWords(count, singular, plural) {
  return `${count} ${count === 1 ? singular : plural}`;
}

function idsWords(part, singular, plural) {
  const words = [];
  if (part?.include?.length) words.push(`with one of ${countWords(part.include.length, singular, plural)}`);
  if (part?.exclude?.length) words.push(`without ${countWords(part.exclude.length, singular, plural)}`);
  return words;
}

function boundsWords(currency, bounds, locale) {
  const money = (amount) => formatMoney(Number(amount), currency, locale);
  const hasMin = bounds.min != null && bounds.min !== "";
  const hasMax = bounds.max != null && bounds.max !== "";
  if (hasMin && hasMax) return `carts of ${money(bounds.min)}–${money(bounds.max)}`;
  if (hasMin) return `carts of ${money(bounds.min)} or more`;
  if (hasMax) return `carts up to ${money(bounds.max)}`;
  return `carts in ${currency}`;
}

/** Returns the chain's conditions (a JSON string, see RetentionChain.conditions) in words:
 * "Carts of $50.00–$500.00; new customers; in EN". */
export function conditionsWords(conditions, locale) {
  let data;
  try {
    data = JSON.parse(conditions || "{}") ?? {};
  } catch {
    return conditions;
  }
  const words = [];
  const ranges = Object.entries(data.cart_value ?? {})
    .map(([currency, bounds]) => boundsWords(currency, bounds ?? {}, locale));
  if (ranges.length) words.push(ranges.join(" or "));
  if (data.customer === "new") words.push("new customers");
  if (data.customer === "returning") words.push("returning customers");
  words.push(...idsWords(data.products, "product", "products"));
  words.push(...idsWords(data.categories, "category", "categories"));
  if (data.languages?.length) words.push(`in ${data.languages.join(", ")}`);
  if (!words.length) return "Every abandoned checkout";
  const text = words.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Returns a template's name for staff: "First reminder". */
export function templateWords(template) {
  return enumWords(template);
}

/** Switches a chain on or off at once (retentionChainUpdate); the API's refusal shows
 * under it, and `onChange` gets the chain as stored. */
export function EnabledSwitch({ page, state, chain, onChange }) {
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
    notifySaved(enabled ? "Chain switched on" : "Chain switched off", enabled
      ? `“${chain.name}” takes new abandoned checkouts.`
      : `“${chain.name}” takes no new checkouts; its running ones stop.`);
    onChange(answer.chain);
  };
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Box as="button" type="button" role="switch" aria-checked={chain.enabled}
        aria-label={`${chain.name} enabled`} data-testid="chain-enabled" disabled={running}
        onClick={flip} display="flex" alignItems="center" gap={2} cursor="pointer"
        backgroundColor="transparent" borderWidth={0} padding={0}>
        <Box as="span" __width="32px" __height="18px" padding={0.5} style={{ borderRadius: "9px" }}
          display="flex" justifyContent={chain.enabled ? "flex-end" : "flex-start"}
          backgroundColor={chain.enabled ? "accent1" : "default3"}>
          <Box as="span" __width="14px" __height="14px" backgroundColor="default1"
            style={{ borderRadius: "7px" }} />
        </Box>
        <Text size={3}>{chain.enabled ? "On" : "Off"}</Text>
      </Box>
      <FieldMessages field="enabled" messages={messages} />
    </Box>
  );
}

