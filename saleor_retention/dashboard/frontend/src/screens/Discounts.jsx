// The "Discounts" tab of the app page: the store's discount policies (what a reminder's code
// gives and for how long), what uses each, and creating, changing and deleting them.
import { Box, Button, Skeleton, Text } from "@saleor/macaw-ui";
import { useState } from "react";
import { defineMessages, FormattedMessage, useIntl } from "react-intl";

import { notifyDashboard } from "../bridge.js";
import { formatMoney } from "../format.js";
import DISCOUNTS from "../graphql/Discounts.graphql";
import { useApiQuery } from "../queries.js";
import { AccessProblem } from "./AccessProblem.jsx";
import { DiscountForm, validityIn } from "./DiscountForm.jsx";
import { SaveOutcome, runMutation } from "./forms.jsx";
import { Cell, EmptyPanel } from "./tables.jsx";

// A key of `channelValues` that is a currency (ISO 4217) rather than a channel slug.
const CURRENCY = /^[A-Z]{3}$/;

const WORDS = defineMessages({
  percentOff: { id: "discounts.percentOff", defaultMessage: "{percent} off" },
  amountOff: { id: "discounts.amountOff", defaultMessage: "{amount} off" },
  withMinimum: { id: "discounts.withMinimum", defaultMessage: "{off}, min {minimum}" },
  termsOf: { id: "discounts.termsOf", defaultMessage: "{terms} ({key})" },
  termsOtherChannels: { id: "discounts.termsOtherChannels", defaultMessage: "{terms} (other channels)" },
  termsInChannelCurrency: { id: "discounts.termsInChannelCurrency", defaultMessage: "{terms} (in the channel's currency)" },
  termsOtherChannelsInChannelCurrency: { id: "discounts.termsOtherChannelsInChannelCurrency", defaultMessage: "{terms} (other channels, in the channel's currency)" },
  minutes: { id: "discounts.validityMinutes", defaultMessage: "{count, plural, one {# minute} other {# minutes}}" },
  hours: { id: "discounts.validityHours", defaultMessage: "{count, plural, one {# hour} other {# hours}}" },
  days: { id: "discounts.validityDays", defaultMessage: "{count, plural, one {# day} other {# days}}" },
  products: { id: "discounts.scopeProducts", defaultMessage: "{count, plural, one {# product} other {# products}}" },
  categories: { id: "discounts.scopeCategories", defaultMessage: "{count, plural, one {# category} other {# categories}}" },
  productsAndCategories: { id: "discounts.scopeProductsAndCategories", defaultMessage: "{products}, {categories}" },
  wholeOrder: { id: "discounts.scopeWholeOrder", defaultMessage: "The whole order" },
  chainStep: { id: "discounts.useChainStep", defaultMessage: "{chain}, step {position}" },
  exitOffer: { id: "discounts.useExitOffer", defaultMessage: "Exit-intent offer" },
  welcomeCode: { id: "discounts.useWelcomeCode", defaultMessage: "Welcome code" },
  stepsSendNoCode: { id: "discounts.stepsSendNoCode", defaultMessage: "{steps} will then send no code." },
  exitOfferToDefault: { id: "discounts.exitOfferToDefault", defaultMessage: "The exit-intent offer goes back to the default (10% for 1 hour)." },
  noWelcomeCode: { id: "discounts.noWelcomeCode", defaultMessage: "No welcome code is given any more." },
  nothingUsesIt: { id: "discounts.nothingUsesIt", defaultMessage: "Nothing uses it." },
  shownCodesStayValid: { id: "discounts.shownCodesStayValid", defaultMessage: "Codes already shown stay valid until they expire." },
});

function amountIn(amount, currency, locale) {
  const number = Number(amount);
  if (currency) return formatMoney(number, currency, locale);
  return new Intl.NumberFormat(locale).format(number);
}

/** Returns terms as words: "10% off, min $50.00" (amounts in `currency` when given). */
function termsInWords(intl, kind, value, minimumSpend, currency) {
  const off = kind === "PERCENTAGE"
    ? intl.formatMessage(WORDS.percentOff, { percent: new Intl.NumberFormat(intl.locale,
      { style: "percent", maximumFractionDigits: 3 }).format(Number(value) / 100) })
    : intl.formatMessage(WORDS.amountOff, { amount: amountIn(value, currency, intl.locale) });
  return minimumSpend == null ? off : intl.formatMessage(WORDS.withMinimum,
    { off, minimum: amountIn(minimumSpend, currency, intl.locale) });
}

/** Returns each line of a policy's terms: each channel's or currency's own, then the
 * policy's for the others ("5 off (other channels, in the channel's currency)"). */
function termLines(intl, policy) {
  const own = Object.entries(JSON.parse(policy.channelValues)).map(([key, terms]) => {
    const words = termsInWords(intl, policy.kind, terms.value ?? policy.value,
      terms.minimum_spend ?? policy.minimumSpend, CURRENCY.test(key) ? key : null);
    return intl.formatMessage(WORDS.termsOf, { terms: words, key });
  });
  const terms = termsInWords(intl, policy.kind, policy.value, policy.minimumSpend, null);
  // Amounts the policy gives without a currency count in each channel's own.
  const inChannelCurrency = policy.kind === "FIXED" || policy.minimumSpend != null;
  let base = terms;
  if (own.length && inChannelCurrency) {
    base = intl.formatMessage(WORDS.termsOtherChannelsInChannelCurrency, { terms });
  } else if (own.length) {
    base = intl.formatMessage(WORDS.termsOtherChannels, { terms });
  } else if (inChannelCurrency) {
    base = intl.formatMessage(WORDS.termsInChannelCurrency, { terms });
  }
  return [...own, base];
}

function validityInWords(intl, minutes) {
  const { amount, unit } = validityIn(minutes);
  return intl.formatMessage(WORDS[unit], { count: Number(amount) });
}

function scopeInWords(intl, policy) {
  const products = policy.productIds.length &&
    intl.formatMessage(WORDS.products, { count: policy.productIds.length });
  const categories = policy.categoryIds.length &&
    intl.formatMessage(WORDS.categories, { count: policy.categoryIds.length });
  if (products && categories) {
    return intl.formatMessage(WORDS.productsAndCategories, { products, categories });
  }
  return products || categories || intl.formatMessage(WORDS.wholeOrder);
}

/** Returns {policyId: [use]}, a use being {chain, position} (a chain's step), "exitOffer"
 * or "welcomeCode". */
function usesOf(data) {
  const uses = {};
  const add = (id, what) => { (uses[id] ??= []).push(what); };
  for (const chain of data.retentionChains) {
    for (const step of chain.steps) {
      if (step.discountPolicy) {
        add(step.discountPolicy.id, { chain: chain.name, position: step.position });
      }
    }
  }
  const { exitOfferPolicyId, welcomeDiscountPolicyId } = data.retentionSettings;
  if (exitOfferPolicyId) add(exitOfferPolicyId, "exitOffer");
  if (welcomeDiscountPolicyId) add(welcomeDiscountPolicyId, "welcomeCode");
  return uses;
}

/** Returns a use in words: "Forgotten cart, step 3", "Exit-intent offer". */
function useInWords(intl, use) {
  return typeof use === "string" ? intl.formatMessage(WORDS[use])
    : intl.formatMessage(WORDS.chainStep, use);
}

/** What deleting a policy does to what uses it, in sentences. */
function deleteConsequence(intl, uses) {
  const steps = uses.filter((use) => typeof use !== "string");
  const sentences = [];
  if (steps.length) {
    sentences.push(intl.formatMessage(WORDS.stepsSendNoCode,
      { steps: steps.map((use) => useInWords(intl, use)).join("; ") }));
  }
  if (uses.includes("exitOffer")) sentences.push(intl.formatMessage(WORDS.exitOfferToDefault));
  if (uses.includes("welcomeCode")) sentences.push(intl.formatMessage(WORDS.noWelcomeCode));
  if (!sentences.length) sentences.push(intl.formatMessage(WORDS.nothingUsesIt));
  return [...sentences, intl.formatMessage(WORDS.shownCodesStayValid)].join(" ");
}

function DeleteConfirmation({ page, state, policy, uses, onDeleted, onCancel }) {
  const [outcome, setOutcome] = useState(null);
  const intl = useIntl();
  const remove = async () => {
    setOutcome({ status: "running" });
    const { payload, problem } = await runMutation(page, state, DISCOUNTS,
      "DashboardDiscountPolicyDelete", { id: policy.id }, "retentionDiscountPolicyDelete",
      intl.formatMessage({ id: "discounts.permissionToDelete", defaultMessage: "delete discount policies" }),
      intl);
    const refusal = problem ?? payload.errors.map((error) => error.message).join(" ");
    if (refusal) {
      setOutcome({ status: "error", message: refusal });
      return;
    }
    notifyDashboard({ status: "success",
      title: intl.formatMessage({ id: "discounts.policyDeleted", defaultMessage: "Policy deleted" }),
      text: intl.formatMessage({ id: "discounts.policyDeletedText", defaultMessage: "“{name}” is deleted." },
        { name: policy.name }) });
    onDeleted();
  };
  return (
    <Box data-testid="delete-confirmation" padding={4} borderRadius={4} borderStyle="solid"
      borderWidth={1} borderColor="critical1" display="flex" flexDirection="column" gap={2}>
      <Text fontWeight="bold">
        <FormattedMessage id="discounts.deleteQuestion" defaultMessage="Delete “{name}”?"
          values={{ name: policy.name }} />
      </Text>
      <Text color="default2" data-testid="delete-consequence">
        {deleteConsequence(intl, uses)}
      </Text>
      <SaveOutcome outcome={outcome} testId="delete-outcome" />
      <Box display="flex" gap={2}>
        <Button variant="error" data-testid="confirm-delete"
          disabled={outcome?.status === "running"} onClick={remove}>
          <FormattedMessage id="discounts.deletePolicy" defaultMessage="Delete policy" />
        </Button>
        <Button variant="secondary" data-testid="cancel-delete" onClick={onCancel}>
          <FormattedMessage id="discounts.keepIt" defaultMessage="Keep it" />
        </Button>
      </Box>
    </Box>
  );
}

const COLUMNS = defineMessages({
  name: { id: "discounts.columnName", defaultMessage: "Name" },
  terms: { id: "discounts.columnTerms", defaultMessage: "Terms" },
  validity: { id: "discounts.columnValidity", defaultMessage: "Code valid for" },
  use: { id: "discounts.columnUse", defaultMessage: "Use" },
  scope: { id: "discounts.columnScope", defaultMessage: "Applies to" },
  usedBy: { id: "discounts.columnUsedBy", defaultMessage: "Used by" },
});

function PolicyRow({ policy, uses, onEdit, onDelete }) {
  const intl = useIntl();
  return (
    <tr data-testid="policy-row" data-policy-id={policy.id}>
      <Cell>{policy.name}</Cell>
      <Cell>
        {termLines(intl, policy).map((line) => (
          <Box as="span" key={line} display="block" data-testid="policy-terms">{line}</Box>))}
      </Cell>
      <Cell>{validityInWords(intl, policy.validityMinutes)}</Cell>
      <Cell>
        {policy.oncePerCustomer
          ? intl.formatMessage({ id: "discounts.oncePerCustomer", defaultMessage: "Once per customer" })
          : intl.formatMessage({ id: "discounts.noLimitPerCustomer", defaultMessage: "No limit per customer" })}
      </Cell>
      <Cell>{scopeInWords(intl, policy)}</Cell>
      <Cell>
        {uses.length ? uses.map((use, index) => (
          // Two chains may share a name.
          <Box as="span" key={index} display="block">{useInWords(intl, use)}</Box>))
          : intl.formatMessage({ id: "discounts.usedByNothing", defaultMessage: "Nothing yet" })}
      </Cell>
      <Cell align="right">
        <Box as="span" display="flex" gap={2} justifyContent="flex-end">
          <Button variant="secondary" size="small" data-testid="edit-policy" onClick={onEdit}>
            <FormattedMessage id="discounts.edit" defaultMessage="Edit" />
          </Button>
          <Button variant="tertiary" size="small" data-testid="delete-policy" onClick={onDelete}>
            <FormattedMessage id="discounts.delete" defaultMessage="Delete" />
          </Button>
        </Box>
      </Cell>
    </tr>
  );
}

function EmptyState() {
  const intl = useIntl();
  return (
    <EmptyPanel testId="policies-empty"
      title={intl.formatMessage({ id: "discounts.emptyTitle", defaultMessage: "No discount policies yet" })}>
      <FormattedMessage id="discounts.emptyText" defaultMessage="A discount policy says what a reminder's code gives — a percentage or an amount off, from which cart value, in which channels — and how long the code lasts once it is shown. A chain step offers a code by choosing a policy; steps without a policy send no code. The storefront's exit-intent offer and welcome code use policies too (Settings tab)." />
    </EmptyPanel>
  );
}

export function Discounts({ page, state }) {
  const { loading, data, error, reload } = useApiQuery(page, state, DISCOUNTS,
    { operationName: "DashboardDiscountPolicies" });
  // null: the list; "new": the form for a new policy; else the policy being edited.
  const [editing, setEditing] = useState(null);
  const [deletingId, setDeletingId] = useState(null);
  const intl = useIntl();
  const afterChange = () => {
    setEditing(null);
    setDeletingId(null);
    reload();
  };
  if (editing) {
    return (
      <DiscountForm page={page} state={state} policy={editing === "new" ? null : editing}
        onSaved={afterChange} onClose={() => setEditing(null)} />
    );
  }
  const policies = data?.retentionDiscountPolicies ?? [];
  const uses = data ? usesOf(data) : {};
  const deleting = policies.find((policy) => policy.id === deletingId);
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="discounts">
      <Box display="flex" justifyContent="space-between" alignItems="flex-start" gap={4}>
        <Box display="flex" flexDirection="column" gap={1}>
          <Text as="h1" size={8} fontWeight="bold">
            <FormattedMessage id="discounts.title" defaultMessage="Discounts" />
          </Text>
          <Text color="default2">
            <FormattedMessage id="discounts.intro" defaultMessage="What a reminder's code gives. Each shopper gets a single-use code of their own when the email is sent." />
          </Text>
        </Box>
        {data && (
          <Button data-testid="create-policy" onClick={() => setEditing("new")}>
            <FormattedMessage id="discounts.createPolicy" defaultMessage="Create policy" />
          </Button>)}
      </Box>
      {error && <AccessProblem error={error} appName={page.appName} />}
      {deleting && (
        <DeleteConfirmation page={page} state={state} policy={deleting}
          uses={uses[deleting.id] ?? []} onDeleted={afterChange}
          onCancel={() => setDeletingId(null)} />)}
      {policies.length > 0 && (
        <Box as="table" width="100%" borderCollapse="collapse" data-testid="policies">
          <thead>
            <tr>
              {Object.entries(COLUMNS).map(([key, message]) => (
                <Cell key={key} header>{intl.formatMessage(message)}</Cell>))}
              <Cell header />
            </tr>
          </thead>
          <tbody>
            {policies.map((policy) => (
              <PolicyRow key={policy.id} policy={policy} uses={uses[policy.id] ?? []}
                onEdit={() => setEditing(policy)}
                onDelete={() => setDeletingId(policy.id)} />))}
          </tbody>
        </Box>
      )}
      {loading && !data && <Skeleton __height="120px" data-testid="loading" />}
      {data && !error && policies.length === 0 && <EmptyState />}
    </Box>
  );
}
