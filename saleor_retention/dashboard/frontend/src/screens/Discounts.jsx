// The "Discounts" tab of the app page: the store's discount policies (what a reminder's code
// gives and for how long), what uses each, and creating, changing and deleting them.
import { Box, Button, Skeleton, Text } from "@saleor/macaw-ui";
import { useState } from "react";

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

function amountIn(amount, currency, locale) {
  const number = Number(amount);
  if (currency) return formatMoney(number, currency, locale);
  return new Intl.NumberFormat(locale).format(number);
}

/** Returns terms as words: "10% off, min $50.00" (amounts in `currency` when given). */
function termsInWords(kind, value, minimumSpend, currency, locale) {
  const off = kind === "PERCENTAGE"
    ? `${new Intl.NumberFormat(locale).format(Number(value))}% off`
    : `${amountIn(value, currency, locale)} off`;
  return minimumSpend == null ? off : `${off}, min ${amountIn(minimumSpend, currency, locale)}`;
}

/** Returns each line of a policy's terms: each channel's or currency's own, then the
 * policy's for the others ("5 off (other channels, in the channel's currency)"). */
function termLines(policy, locale) {
  const own = Object.entries(JSON.parse(policy.channelValues)).map(([key, terms]) => {
    const words = termsInWords(policy.kind, terms.value ?? policy.value,
      terms.minimum_spend ?? policy.minimumSpend, CURRENCY.test(key) ? key : null, locale);
    return `${words} (${key})`;
  });
  const where = [];
  if (own.length) where.push("other channels");
  // Amounts the policy gives without a currency count in each channel's own.
  if (policy.kind === "FIXED" || policy.minimumSpend != null) {
    where.push("in the channel's currency");
  }
  const base = termsInWords(policy.kind, policy.value, policy.minimumSpend, null, locale);
  return [...own, where.length ? `${base} (${where.join(", ")})` : base];
}

const UNIT_WORDS = { minutes: ["minute", "minutes"], hours: ["hour", "hours"],
  days: ["day", "days"] };

function validityInWords(minutes) {
  const { amount, unit } = validityIn(minutes);
  return `${amount} ${UNIT_WORDS[unit][amount === "1" ? 0 : 1]}`;
}

function countWords(count, singular, plural) {
  return `${count} ${count === 1 ? singular : plural}`;
}

function scopeInWords(policy) {
  const parts = [];
  if (policy.productIds.length) {
    parts.push(countWords(policy.productIds.length, "product", "products"));
  }
  if (policy.categoryIds.length) {
    parts.push(countWords(policy.categoryIds.length, "category", "categories"));
  }
  return parts.length ? parts.join(", ") : "The whole order";
}

/** Returns {policyId: ["Forgotten cart, step 3", "Exit-intent offer"]}. */
function usesOf(data) {
  const uses = {};
  const add = (id, what) => { (uses[id] ??= []).push(what); };
  for (const chain of data.retentionChains) {
    for (const step of chain.steps) {
      if (step.discountPolicy) add(step.discountPolicy.id, `${chain.name}, step ${step.position}`);
    }
  }
  const { exitOfferPolicyId, welcomeDiscountPolicyId } = data.retentionSettings;
  if (exitOfferPolicyId) add(exitOfferPolicyId, "Exit-intent offer");
  if (welcomeDiscountPolicyId) add(welcomeDiscountPolicyId, "Welcome code");
  return uses;
}

/** What deleting a policy does to what uses it, in a sentence. */
function deleteConsequence(uses) {
  const steps = uses.filter((use) => use.includes(", step "));
  const parts = [];
  if (steps.length) parts.push(`${steps.join("; ")} will then send no code`);
  if (uses.includes("Exit-intent offer")) {
    parts.push("the exit-intent offer goes back to the default (10% for 1 hour)");
  }
  if (uses.includes("Welcome code")) parts.push("no welcome code is given any more");
  const now = parts.length ? `${parts.join(", ")}. ` : "Nothing uses it. ";
  return `${now}Codes already shown stay valid until they expire.`;
}

function DeleteConfirmation({ page, state, policy, uses, onDeleted, onCancel }) {
  const [outcome, setOutcome] = useState(null);
  const remove = async () => {
    setOutcome({ status: "running" });
    const { payload, problem } = await runMutation(page, state, DISCOUNTS,
      "DashboardDiscountPolicyDelete", { id: policy.id }, "retentionDiscountPolicyDelete",
      "delete discount policies");
    const refusal = problem ?? payload.errors.map((error) => error.message).join(" ");
    if (refusal) {
      setOutcome({ status: "error", message: refusal });
      return;
    }
    notifyDashboard({ status: "success", title: "Policy deleted",
      text: `“${policy.name}” is deleted.` });
    onDeleted();
  };
  return (
    <Box data-testid="delete-confirmation" padding={4} borderRadius={4} borderStyle="solid"
      borderWidth={1} borderColor="critical1" display="flex" flexDirection="column" gap={2}>
      <Text fontWeight="bold">Delete “{policy.name}”?</Text>
      <Text color="default2" data-testid="delete-consequence">{deleteConsequence(uses)}</Text>
      <SaveOutcome outcome={outcome} testId="delete-outcome" />
      <Box display="flex" gap={2}>
        <Button variant="error" data-testid="confirm-delete"
          disabled={outcome?.status === "running"} onClick={remove}>
          Delete policy
        </Button>
        <Button variant="secondary" data-testid="cancel-delete" onClick={onCancel}>
          Keep it
        </Button>
      </Box>
    </Box>
  );
}

const COLUMNS = ["Name", "Terms", "Code valid for", "Use", "Applies to", "Used by", ""];

function PolicyRow({ policy, uses, locale, onEdit, onDelete }) {
  return (
    <tr data-testid="policy-row" data-policy-id={policy.id}>
      <Cell>{policy.name}</Cell>
      <Cell>
        {termLines(policy, locale).map((line) => (
          <Box as="span" key={line} display="block" data-testid="policy-terms">{line}</Box>))}
      </Cell>
      <Cell>{validityInWords(policy.validityMinutes)}</Cell>
      <Cell>{policy.oncePerCustomer ? "Once per customer" : "No limit per customer"}</Cell>
      <Cell>{scopeInWords(policy)}</Cell>
      <Cell>
        {uses.length ? uses.map((use, index) => (
          // Two chains may share a name.
          <Box as="span" key={index} display="block">{use}</Box>))
          : "Nothing yet"}
      </Cell>
      <Cell align="right">
        <Box as="span" display="flex" gap={2} justifyContent="flex-end">
          <Button variant="secondary" size="small" data-testid="edit-policy" onClick={onEdit}>
            Edit
          </Button>
          <Button variant="tertiary" size="small" data-testid="delete-policy" onClick={onDelete}>
            Delete
          </Button>
        </Box>
      </Cell>
    </tr>
  );
}

function EmptyState() {
  return (
    <EmptyPanel testId="policies-empty" title="No discount policies yet">
      A discount policy says what a reminder&apos;s code gives — a percentage or an amount
      off, from which cart value, in which channels — and how long the code lasts once it is
      shown. A chain step offers a code by choosing a policy; steps without a policy send no
      code. The storefront&apos;s exit-intent offer and welcome code use policies too
      (Settings tab).
    </EmptyPanel>
  );
}

export function Discounts({ page, state }) {
  const { loading, data, error, reload } = useApiQuery(page, state, DISCOUNTS,
    { operationName: "DashboardDiscountPolicies" });
  // null: the list; "new": the form for a new policy; else the policy being edited.
  const [editing, setEditing] = useState(null);
  const [deletingId, setDeletingId] = useState(null);
  const locale = state.locale || "en";
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
          <Text as="h1" size={8} fontWeight="bold">Discounts</Text>
          <Text color="default2">
            What a reminder&apos;s code gives. Each shopper gets a single-use code of their
            own when the email is sent.
          </Text>
        </Box>
        {data && (
          <Button data-testid="create-policy" onClick={() => setEditing("new")}>
            Create policy
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
            <tr>{COLUMNS.map((name) => <Cell key={name} header>{name}</Cell>)}</tr>
          </thead>
          <tbody>
            {policies.map((policy) => (
              <PolicyRow key={policy.id} policy={policy} uses={uses[policy.id] ?? []}
                locale={locale} onEdit={() => setEditing(policy)}
                onDelete={() => setDeletingId(policy.id)} />))}
          </tbody>
        </Box>
      )}
      {loading && !data && <Skeleton __height="120px" data-testid="loading" />}
      {data && !error && policies.length === 0 && <EmptyState />}
    </Box>
  );
}
