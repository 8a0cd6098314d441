// Creating or changing one discount policy of the "Discounts" tab. What the staff member
// typed stays in the form until the API accepts it; its messages show next to their fields.
import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { notifyDashboard } from "../bridge.js";
import DISCOUNTS from "../graphql/Discounts.graphql";
import {
  CheckField, FieldGroup, RowsField, SaveOutcome, SelectField, TextField, useFormSubmit,
} from "./forms.jsx";

// The API's names of the input's fields; an error naming another goes above the buttons.
const FIELDS = ["name", "kind", "value", "minimumSpend", "channelValues", "validityMinutes",
  "oncePerCustomer", "productIds", "categoryIds"];

export const VALIDITY_UNITS = { minutes: 1, hours: 60, days: 24 * 60 };

const CHANNEL_COLUMNS = [
  { key: "key", label: "Channel slug or currency", placeholder: "channel-eu or EUR" },
  { key: "value", label: "Value", type: "number", placeholder: "as above" },
  { key: "minimumSpend", label: "Minimum spend", type: "number", placeholder: "as above" },
];

/** Returns the largest unit that counts `minutes` in whole numbers, with that number. */
export function validityIn(minutes) {
  const unit = ["days", "hours"].find((name) => minutes % VALIDITY_UNITS[name] === 0) ??
    "minutes";
  return { amount: String(minutes / VALIDITY_UNITS[unit]), unit };
}

function formOf(policy) {
  if (!policy) {
    return { name: "", kind: "PERCENTAGE", value: "", minimumSpend: "", channelRows: [],
      validityAmount: "24", validityUnit: "hours", oncePerCustomer: true, productIds: "",
      categoryIds: "" };
  }
  const { amount, unit } = validityIn(policy.validityMinutes);
  return {
    name: policy.name,
    kind: policy.kind,
    value: String(policy.value),
    minimumSpend: policy.minimumSpend == null ? "" : String(policy.minimumSpend),
    channelRows: Object.entries(JSON.parse(policy.channelValues)).map(([key, terms]) => ({
      key, value: terms.value ?? "", minimumSpend: terms.minimum_spend ?? "" })),
    validityAmount: amount,
    validityUnit: unit,
    oncePerCustomer: policy.oncePerCustomer,
    productIds: policy.productIds.join("\n"),
    categoryIds: policy.categoryIds.join("\n"),
  };
}

function idsOf(text) {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** Returns the API's input for the form; the API judges every value (an empty value is sent
 * as null so that it says what is missing). */
function inputOf(form) {
  const channelValues = {};
  for (const row of form.channelRows) {
    const terms = {};
    if (row.value.trim()) terms.value = row.value.trim();
    if (row.minimumSpend.trim()) terms.minimum_spend = row.minimumSpend.trim();
    channelValues[row.key.trim()] = terms;
  }
  const amount = Number(form.validityAmount);
  return {
    name: form.name,
    kind: form.kind,
    value: form.value.trim() || null,
    minimumSpend: form.minimumSpend.trim() || null,
    channelValues: JSON.stringify(channelValues),
    validityMinutes: form.validityAmount.trim() && Number.isFinite(amount)
      ? Math.round(amount * VALIDITY_UNITS[form.validityUnit]) : null,
    oncePerCustomer: form.oncePerCustomer,
    productIds: idsOf(form.productIds),
    categoryIds: idsOf(form.categoryIds),
  };
}

export function DiscountForm({ page, state, policy, onSaved, onClose }) {
  const [form, setForm] = useState(() => formOf(policy));
  const { errors, outcome, setOutcome, submit } = useFormSubmit(page, state, FIELDS);
  const set = (key) => (value) => setForm((current) => ({ ...current, [key]: value }));
  const creating = !policy;

  const save = async () => {
    const payload = await submit(DISCOUNTS,
      creating ? "DashboardDiscountPolicyCreate" : "DashboardDiscountPolicyUpdate",
      creating ? { input: inputOf(form) } : { id: policy.id, input: inputOf(form) },
      creating ? "retentionDiscountPolicyCreate" : "retentionDiscountPolicyUpdate",
      "change discount policies");
    if (!payload) return;
    const saved = payload.discountPolicy;
    notifyDashboard({ status: "success", title: creating ? "Policy created" : "Policy saved",
      text: `“${saved.name}” is saved; codes shown from now on follow its terms.` });
    onSaved(saved);
  };

  const percentage = form.kind === "PERCENTAGE";
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="policy-form">
      <Box>
        <Button variant="tertiary" data-testid="back-to-policies" onClick={onClose}>
          ← All policies
        </Button>
      </Box>
      <Box display="flex" flexDirection="column" gap={1}>
        <Text as="h1" size={8} fontWeight="bold">
          {creating ? "New discount policy" : policy.name}
        </Text>
        {!creating && (
          <Text color="default2">
            Codes already shown keep the terms they were shown with; the next ones get these.
          </Text>)}
      </Box>
      <FieldGroup title="Offer" testId="group-offer">
        <TextField name="name" label="Name (for staff)" value={form.name}
          onChange={set("name")} error={errors.name} />
        <SelectField name="kind" label="Kind" value={form.kind} onChange={set("kind")}
          error={errors.kind} options={[
            { value: "PERCENTAGE", label: "Percentage of the cart" },
            { value: "FIXED", label: "Amount off, in the channel's currency" }]} />
        <TextField name="value" type="number" label={percentage ? "Percent off" : "Amount off"}
          value={form.value} onChange={set("value")} error={errors.value}
          hint={percentage ? "More than 0, at most 100." : "More than 0."} />
        <TextField name="minimumSpend" type="number" label="Minimum spend"
          value={form.minimumSpend} onChange={set("minimumSpend")} error={errors.minimumSpend}
          hint="The smallest cart it applies to; empty: any cart." />
        <RowsField name="channelValues" label="Terms of a channel or currency of its own"
          rows={form.channelRows} columns={CHANNEL_COLUMNS} onChange={set("channelRows")}
          addLabel="Add a channel or currency" error={errors.channelValues}
          hint={"A channel's own terms come first, then its currency's (EUR, USD); other " +
            "channels use the value and minimum above. An empty value or minimum uses the " +
            "one above."} />
      </FieldGroup>
      <FieldGroup title="Validity and use" testId="group-validity">
        <TextField name="validityMinutes" type="number" label="Valid for"
          value={form.validityAmount} onChange={set("validityAmount")}
          error={errors.validityMinutes}
          hint="From when a code is shown; 5 minutes to 90 days." />
        <SelectField name="validityUnit" label="Unit" value={form.validityUnit}
          onChange={set("validityUnit")} options={Object.keys(VALIDITY_UNITS).map(
            (unit) => ({ value: unit, label: unit }))} />
        <CheckField name="oncePerCustomer" label="Once per customer"
          checked={form.oncePerCustomer} onChange={set("oncePerCustomer")}
          error={errors.oncePerCustomer}
          hint={"Saleor’s “Apply once per customer” on the vouchers that hold " +
            "its codes."} />
      </FieldGroup>
      <FieldGroup title="Applies to" testId="group-scope"
        description="Saleor ids, one per line. Both empty: the whole order.">
        <TextField name="productIds" label="Products" value={form.productIds}
          onChange={set("productIds")} error={errors.productIds}
          hint="For example UHJvZHVjdDo3Mg==" multiline rows={3} />
        <TextField name="categoryIds" label="Categories" value={form.categoryIds}
          onChange={set("categoryIds")} error={errors.categoryIds}
          hint="For example Q2F0ZWdvcnk6MjQ=" multiline rows={3} />
      </FieldGroup>
      <Box display="flex" flexDirection="column" gap={2}>
        <SaveOutcome outcome={outcome} testId="policy-outcome" />
        <Box display="flex" gap={2}>
          <Button data-testid="save-policy" disabled={outcome?.status === "running"}
            onClick={save}>
            {creating ? "Create policy" : "Save policy"}
          </Button>
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
        </Box>
      </Box>
    </Box>
  );
}
