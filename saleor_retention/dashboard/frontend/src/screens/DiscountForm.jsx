// Creating or changing one discount policy of the "Discounts" tab. What the staff member
// typed stays in the form until the API accepts it; its messages show next to their fields.
import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";
import { defineMessages, FormattedMessage, useIntl } from "react-intl";

import { notifyDashboard } from "../bridge.js";
import DISCOUNTS from "../graphql/Discounts.graphql";
import {
  bindField, CheckField, FieldGroup, RowsField, SaveOutcome, SelectField, TextField,
  useFormSubmit,
} from "./forms.jsx";

// The API's names of the input's fields; an error naming another goes above the buttons.
const FIELDS = ["name", "kind", "value", "minimumSpend", "channelValues", "validityMinutes",
  "oncePerCustomer", "productIds", "categoryIds"];

export const VALIDITY_UNITS = { minutes: 1, hours: 60, days: 24 * 60 };

const UNIT_LABELS = defineMessages({
  minutes: { id: "discounts.unitMinutes", defaultMessage: "minutes" },
  hours: { id: "discounts.unitHours", defaultMessage: "hours" },
  days: { id: "discounts.unitDays", defaultMessage: "days" },
});

function channelColumns(intl) {
  const asAbove = intl.formatMessage({ id: "discounts.asAbove", defaultMessage: "as above" });
  return [
    { key: "key",
      label: intl.formatMessage({ id: "discounts.channelOrCurrency", defaultMessage: "Channel slug or currency" }),
      placeholder: intl.formatMessage({ id: "discounts.channelOrCurrencyExample", defaultMessage: "channel-eu or EUR" }) },
    { key: "value", label: intl.formatMessage({ id: "discounts.value", defaultMessage: "Value" }),
      type: "number", placeholder: asAbove },
    { key: "minimumSpend",
      label: intl.formatMessage({ id: "discounts.minimumSpend", defaultMessage: "Minimum spend" }),
      type: "number", placeholder: asAbove },
  ];
}

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
  const intl = useIntl();

  const save = async () => {
    const payload = await submit(DISCOUNTS,
      creating ? "DashboardDiscountPolicyCreate" : "DashboardDiscountPolicyUpdate",
      creating ? { input: inputOf(form) } : { id: policy.id, input: inputOf(form) },
      creating ? "retentionDiscountPolicyCreate" : "retentionDiscountPolicyUpdate",
      intl.formatMessage({ id: "discounts.permissionToChange", defaultMessage: "change discount policies" }));
    if (!payload) return;
    const saved = payload.discountPolicy;
    notifyDashboard({ status: "success",
      title: creating
        ? intl.formatMessage({ id: "discounts.policyCreated", defaultMessage: "Policy created" })
        : intl.formatMessage({ id: "discounts.policySaved", defaultMessage: "Policy saved" }),
      text: intl.formatMessage({ id: "discounts.policySavedText", defaultMessage: "“{name}” is saved; codes shown from now on follow its terms." },
        { name: saved.name }) });
    onSaved(saved);
  };

  const percentage = form.kind === "PERCENTAGE";
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="policy-form">
      <Box>
        <Button variant="tertiary" data-testid="back-to-policies" onClick={onClose}>
          <FormattedMessage id="discounts.allPolicies" defaultMessage="← All policies" />
        </Button>
      </Box>
      <Box display="flex" flexDirection="column" gap={1}>
        <Text as="h1" size={8} fontWeight="bold">
          {creating
            ? intl.formatMessage({ id: "discounts.newPolicy", defaultMessage: "New discount policy" })
            : policy.name}
        </Text>
        {!creating && (
          <Text color="default2">
            <FormattedMessage id="discounts.editingNote" defaultMessage="Codes already shown keep the terms they were shown with; the next ones get these." />
          </Text>)}
      </Box>
      <FieldGroup title={intl.formatMessage({ id: "discounts.groupOffer", defaultMessage: "Offer" })}
        testId="group-offer">
        <TextField {...bindField(form, set, errors, "name")}
          label={intl.formatMessage({ id: "discounts.nameForStaff", defaultMessage: "Name (for staff)" })} />
        <SelectField {...bindField(form, set, errors, "kind")}
          label={intl.formatMessage({ id: "discounts.kind", defaultMessage: "Kind" })}
          options={[
            { value: "PERCENTAGE",
              label: intl.formatMessage({ id: "discounts.kindPercentage", defaultMessage: "Percentage of the cart" }) },
            { value: "FIXED",
              label: intl.formatMessage({ id: "discounts.kindFixed", defaultMessage: "Amount off, in the channel's currency" }) }]} />
        <TextField {...bindField(form, set, errors, "value")} type="number"
          label={percentage
            ? intl.formatMessage({ id: "discounts.percentOffLabel", defaultMessage: "Percent off" })
            : intl.formatMessage({ id: "discounts.amountOffLabel", defaultMessage: "Amount off" })}
          hint={percentage
            ? intl.formatMessage({ id: "discounts.percentHint", defaultMessage: "More than 0, at most 100." })
            : intl.formatMessage({ id: "discounts.amountHint", defaultMessage: "More than 0." })} />
        <TextField {...bindField(form, set, errors, "minimumSpend")} type="number"
          label={intl.formatMessage({ id: "discounts.minimumSpend", defaultMessage: "Minimum spend" })}
          hint={intl.formatMessage({ id: "discounts.minimumSpendHint", defaultMessage: "The smallest cart it applies to; empty: any cart." })} />
        <RowsField name="channelValues" rows={form.channelRows} columns={channelColumns(intl)}
          onChange={set("channelRows")} error={errors.channelValues}
          label={intl.formatMessage({ id: "discounts.channelTerms", defaultMessage: "Terms of a channel or currency of its own" })}
          addLabel={intl.formatMessage({ id: "discounts.addChannelOrCurrency", defaultMessage: "Add a channel or currency" })}
          hint={intl.formatMessage({ id: "discounts.channelTermsHint", defaultMessage: "A channel's own terms come first, then its currency's (EUR, USD); other channels use the value and minimum above. An empty value or minimum uses the one above." })} />
      </FieldGroup>
      <FieldGroup testId="group-validity"
        title={intl.formatMessage({ id: "discounts.groupValidity", defaultMessage: "Validity and use" })}>
        <TextField name="validityMinutes" type="number" value={form.validityAmount}
          onChange={set("validityAmount")} error={errors.validityMinutes}
          label={intl.formatMessage({ id: "discounts.validFor", defaultMessage: "Valid for" })}
          hint={intl.formatMessage({ id: "discounts.validForHint", defaultMessage: "From when a code is shown; 5 minutes to 90 days." })} />
        <SelectField name="validityUnit" value={form.validityUnit}
          label={intl.formatMessage({ id: "discounts.unit", defaultMessage: "Unit" })}
          onChange={set("validityUnit")} options={Object.keys(VALIDITY_UNITS).map(
            (unit) => ({ value: unit, label: intl.formatMessage(UNIT_LABELS[unit]) }))} />
        <CheckField {...bindField(form, set, errors, "oncePerCustomer", { checked: true })}
          label={intl.formatMessage({ id: "discounts.oncePerCustomer", defaultMessage: "Once per customer" })}
          hint={intl.formatMessage({ id: "discounts.oncePerCustomerHint", defaultMessage: "Saleor’s “Apply once per customer” on the vouchers that hold its codes." })} />
      </FieldGroup>
      <FieldGroup testId="group-scope"
        title={intl.formatMessage({ id: "discounts.groupScope", defaultMessage: "Applies to" })}
        description={intl.formatMessage({ id: "discounts.scopeDescription", defaultMessage: "Saleor ids, one per line. Both empty: the whole order." })}>
        <TextField {...bindField(form, set, errors, "productIds")} multiline rows={3}
          label={intl.formatMessage({ id: "discounts.products", defaultMessage: "Products" })}
          hint={intl.formatMessage({ id: "discounts.forExample", defaultMessage: "For example {id}" },
            { id: "UHJvZHVjdDo3Mg==" })} />
        <TextField {...bindField(form, set, errors, "categoryIds")} multiline rows={3}
          label={intl.formatMessage({ id: "discounts.categories", defaultMessage: "Categories" })}
          hint={intl.formatMessage({ id: "discounts.forExample", defaultMessage: "For example {id}" },
            { id: "Q2F0ZWdvcnk6MjQ=" })} />
      </FieldGroup>
      <Box display="flex" flexDirection="column" gap={2}>
        <SaveOutcome outcome={outcome} testId="policy-outcome" />
        <Box display="flex" gap={2}>
          <Button data-testid="save-policy" disabled={outcome?.status === "running"}
            onClick={save}>
            {creating
              ? intl.formatMessage({ id: "discounts.createPolicy", defaultMessage: "Create policy" })
              : intl.formatMessage({ id: "discounts.savePolicy", defaultMessage: "Save policy" })}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            <FormattedMessage id="discounts.cancel" defaultMessage="Cancel" />
          </Button>
        </Box>
      </Box>
    </Box>
  );
}
