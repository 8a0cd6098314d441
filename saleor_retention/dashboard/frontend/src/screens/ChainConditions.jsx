// The conditions part of a chain's form: which abandoned checkouts the chain takes. The API
// keeps them as one JSON document (RetentionChain.conditions); the form edits its parts, and
// the API's message about a part shows next to that part.
import { Box, Button, Text } from "@saleor/macaw-ui";
import { FormattedMessage, defineMessages, useIntl } from "react-intl";

import { FieldMessages } from "./forms.jsx";
import { FIELD_STYLE } from "./tables.jsx";

const CUSTOMERS = defineMessages({
  any: { id: "chains.everyCustomer", defaultMessage: "Every customer" },
  new: { id: "chains.newCustomers", defaultMessage: "New customers" },
  returning: { id: "chains.returningCustomers", defaultMessage: "Returning customers" },
});

const NARROW_STYLE = { ...FIELD_STYLE, minWidth: "90px", width: "110px" };

function listText(values) {
  return (values ?? []).join(", ");
}

function listOf(text) {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** Returns the form's values for the conditions JSON of a chain. */
export function conditionsForm(conditions) {
  let data = {};
  try {
    data = JSON.parse(conditions || "{}") ?? {};
  } catch {
    // A document the form cannot read starts empty; saving replaces it.
  }
  const bound = (value) => (value == null ? "" : String(value));
  return {
    cartValue: Object.entries(data.cart_value ?? {}).map(([currency, bounds]) => (
      { currency, min: bound(bounds?.min), max: bound(bounds?.max) })),
    customer: data.customer ?? "any",
    productsInclude: listText(data.products?.include),
    productsExclude: listText(data.products?.exclude),
    categoriesInclude: listText(data.categories?.include),
    categoriesExclude: listText(data.categories?.exclude),
    languages: listText(data.languages),
  };
}

function idsInput(include, exclude) {
  const part = {};
  if (listOf(include).length) part.include = listOf(include);
  if (listOf(exclude).length) part.exclude = listOf(exclude);
  return Object.keys(part).length ? part : null;
}

/** Returns the conditions JSON string for the form's values; empty parts are left out, and
 * bounds go as typed so that the API judges them. */
export function conditionsInput(form) {
  const data = {};
  const ranges = {};
  for (const row of form.cartValue) {
    const currency = row.currency.trim().toUpperCase();
    const min = row.min.trim();
    const max = row.max.trim();
    if (!currency && !min && !max) continue;
    ranges[currency] = { ...(min && { min }), ...(max && { max }) };
  }
  if (Object.keys(ranges).length) data.cart_value = ranges;
  if (form.customer !== "any") data.customer = form.customer;
  const products = idsInput(form.productsInclude, form.productsExclude);
  if (products) data.products = products;
  const categories = idsInput(form.categoriesInclude, form.categoriesExclude);
  if (categories) data.categories = categories;
  if (listOf(form.languages).length) data.languages = listOf(form.languages);
  return JSON.stringify(data);
}

const PARTS = ["cart_value", "customer", "products", "categories", "languages"];

/**
 * Returns the API's messages about the conditions by part: "cart_value.USD" (one range),
 * "cart_value", "customer", "products", "categories", "languages", or "conditions" (the
 * whole). The API names the part at the start of its message: "cart_value.USD: min is
 * greater than max".
 */
export function conditionMessages(errors) {
  const byPart = {};
  for (const error of errors.filter((one) => one.field === "conditions")) {
    const match = /^([^\s:]+): (.+)$/.exec(error.message);
    let part = "conditions";
    let message = error.message;
    if (match && PARTS.includes(match[1].split(".")[0])) {
      const [top, currency] = match[1].split(".");
      part = top === "cart_value" && currency ? `cart_value.${currency.toUpperCase()}` : top;
      message = match[2].charAt(0).toUpperCase() + match[2].slice(1);
    }
    (byPart[part] ??= []).push(message);
  }
  return byPart;
}

function Labelled({ label, children }) {
  return (
    <Box as="label" display="flex" flexDirection="column" gap={1}>
      <Text size={2} color="default2">{label}</Text>
      {children}
    </Box>
  );
}

function TextInput({ testId, value, onChange, placeholder, style = FIELD_STYLE }) {
  return (
    <Box as="input" type="text" data-testid={testId} value={value} placeholder={placeholder}
      borderColor="default1" style={style} onChange={(event) => onChange(event.target.value)} />
  );
}

function CartValue({ form, setForm, byPart }) {
  const intl = useIntl();
  const any = intl.formatMessage({ id: "chains.anyAmount", defaultMessage: "Any" });
  const rows = form.cartValue;
  const setRow = (index, change) => setForm({
    ...form, cartValue: rows.map((row, at) => (at === index ? { ...row, ...change } : row)),
  });
  const rowsCurrencies = rows.map((row) => row.currency.trim().toUpperCase());
  const unplaced = Object.entries(byPart)
    .filter(([part]) => part.startsWith("cart_value.") &&
      !rowsCurrencies.includes(part.slice("cart_value.".length)))
    .flatMap(([, messages]) => messages);
  return (
    <Box display="flex" flexDirection="column" gap={2} data-testid="cart-value">
      <Text size={2} color="default2">
        <FormattedMessage id="chains.cartValue" defaultMessage="Cart value, per currency (a cart in a currency not listed is not taken)" />
      </Text>
      {/* Rows have no id of their own; their inputs are controlled, so the index will do. */}
      {rows.map((row, index) => (
        <Box key={index} display="flex" flexDirection="column" gap={1}
          data-testid="cart-value-row">
          <Box display="flex" gap={2} alignItems="flex-end" flexWrap="wrap">
            <Labelled label={intl.formatMessage({ id: "chains.currency", defaultMessage: "Currency" })}>
              <TextInput testId="cart-value-currency" value={row.currency} placeholder="USD"
                style={NARROW_STYLE} onChange={(currency) => setRow(index, { currency })} />
            </Labelled>
            <Labelled label={intl.formatMessage({ id: "chains.atLeast", defaultMessage: "At least" })}>
              <TextInput testId="cart-value-min" value={row.min} placeholder={any}
                style={NARROW_STYLE} onChange={(min) => setRow(index, { min })} />
            </Labelled>
            <Labelled label={intl.formatMessage({ id: "chains.atMost", defaultMessage: "At most" })}>
              <TextInput testId="cart-value-max" value={row.max} placeholder={any}
                style={NARROW_STYLE} onChange={(max) => setRow(index, { max })} />
            </Labelled>
            <Button variant="tertiary" data-testid="cart-value-remove"
              onClick={() => setForm({ ...form, cartValue: rows.filter((_, at) => at !== index) })}>
              <FormattedMessage id="chains.remove" defaultMessage="Remove" />
            </Button>
          </Box>
          <FieldMessages field="conditions"
            messages={byPart[`cart_value.${rowsCurrencies[index]}`] ?? []} />
        </Box>
      ))}
      <FieldMessages field="conditions" messages={[...(byPart.cart_value ?? []), ...unplaced]} />
      <Box>
        <Button variant="secondary" data-testid="cart-value-add"
          onClick={() => setForm({ ...form, cartValue: [...rows, { currency: "", min: "", max: "" }] })}>
          <FormattedMessage id="chains.addCurrencyRange" defaultMessage="Add a currency range" />
        </Button>
      </Box>
    </Box>
  );
}

function IdsPart({ includeLabel, excludeLabel, part, form, setForm, includeKey, excludeKey,
  byPart }) {
  const intl = useIntl();
  return (
    <Box display="flex" flexDirection="column" gap={1} data-testid={`${part}-condition`}>
      <Box display="flex" gap={4} flexWrap="wrap">
        <Labelled label={includeLabel}>
          <TextInput testId={`${part}-include`} value={form[includeKey]}
            placeholder={intl.formatMessage({ id: "chains.anyIds", defaultMessage: "Any" })}
            onChange={(value) => setForm({ ...form, [includeKey]: value })} />
        </Labelled>
        <Labelled label={excludeLabel}>
          <TextInput testId={`${part}-exclude`} value={form[excludeKey]}
            placeholder={intl.formatMessage({ id: "chains.none", defaultMessage: "None" })}
            onChange={(value) => setForm({ ...form, [excludeKey]: value })} />
        </Labelled>
      </Box>
      <FieldMessages field="conditions" messages={byPart[part] ?? []} />
    </Box>
  );
}

/** The conditions' fields; `errors` are the API's last answer to the chain's save. */
export function ConditionsFields({ form, setForm, errors }) {
  const intl = useIntl();
  const byPart = conditionMessages(errors);
  return (
    <Box as="fieldset" display="flex" flexDirection="column" alignItems="flex-start" gap={4}
      padding={4}
      borderStyle="solid" borderWidth={1} borderColor="default1" borderRadius={4}
      data-testid="conditions">
      <Text as="legend" size={3} fontWeight="medium">
        <FormattedMessage id="chains.whichCheckouts" defaultMessage="Which checkouts it takes" />
      </Text>
      <CartValue form={form} setForm={setForm} byPart={byPart} />
      <Box display="flex" flexDirection="column" gap={1}>
        <Labelled label={intl.formatMessage({ id: "chains.customer", defaultMessage: "Customer" })}>
          <Box as="select" data-testid="condition-customer" value={form.customer}
            borderColor="default1" style={FIELD_STYLE}
            onChange={(event) => setForm({ ...form, customer: event.target.value })}>
            {Object.entries(CUSTOMERS).map(([value, label]) => (
              <option key={value} value={value}>{intl.formatMessage(label)}</option>))}
          </Box>
        </Labelled>
        <FieldMessages field="conditions" messages={byPart.customer ?? []} />
      </Box>
      <IdsPart part="products"
        includeLabel={intl.formatMessage({ id: "chains.productsIncluded",
          defaultMessage: "Products included (Saleor ids)" })}
        excludeLabel={intl.formatMessage({ id: "chains.productsExcluded",
          defaultMessage: "Products excluded (Saleor ids)" })} includeKey="productsInclude"
        excludeKey="productsExclude" form={form} setForm={setForm} byPart={byPart} />
      <IdsPart part="categories"
        includeLabel={intl.formatMessage({ id: "chains.categoriesIncluded",
          defaultMessage: "Categories included (Saleor ids)" })}
        excludeLabel={intl.formatMessage({ id: "chains.categoriesExcluded",
          defaultMessage: "Categories excluded (Saleor ids)" })} includeKey="categoriesInclude"
        excludeKey="categoriesExclude" form={form} setForm={setForm} byPart={byPart} />
      <Box display="flex" flexDirection="column" gap={1}>
        <Labelled label={intl.formatMessage({ id: "chains.languages",
          defaultMessage: "Shopper's language (Saleor codes such as EN, DE; empty: any)" })}>
          <TextInput testId="condition-languages" value={form.languages}
            placeholder={intl.formatMessage({ id: "chains.anyLanguage", defaultMessage: "Any" })}
            onChange={(languages) => setForm({ ...form, languages })} />
        </Labelled>
        <FieldMessages field="conditions" messages={byPart.languages ?? []} />
      </Box>
      <FieldMessages field="conditions" messages={byPart.conditions ?? []} />
    </Box>
  );
}
