// The "Settings" tab of the app page: every store setting the API has, grouped, saved with
// retentionSettingsUpdate. Only the fields changed since the last load or save are sent; on
// an error nothing is saved and what the staff member typed stays.
import { Box, Button, Skeleton, Text } from "@saleor/macaw-ui";
import { useState } from "react";
import { defineMessages, FormattedMessage, useIntl } from "react-intl";

import { notifyDashboard } from "../bridge.js";
import SETTINGS from "../graphql/Settings.graphql";
import { useApiQuery } from "../queries.js";
import { AccessProblem } from "./AccessProblem.jsx";
import {
  bindField, CheckField, FieldGroup, RowsField, SaveOutcome, SelectField, TextField,
  useFormSubmit,
} from "./forms.jsx";

// The API's names of the input's fields; an error naming another goes next to the button.
const FIELDS = ["senderEmail", "channelSenders", "shopName", "logoUrl", "contactEmail",
  "contactPhone", "contactAddress", "quietHoursEnabled", "quietHoursStart", "quietHoursEnd",
  "defaultTimeZone", "frequencyCapHours", "marketingConsentRequired", "marketingConsentKey",
  "storefrontCheckoutUrls", "maxIdleDays", "exitOfferPolicyId", "welcomeDiscountPolicyId"];

const COLUMN_LABELS = defineMessages({
  senderChannel: { id: "settings.columnChannelSlug", defaultMessage: "Channel slug" },
  sender: { id: "settings.columnFrom", defaultMessage: "From" },
  urlChannel: { id: "settings.columnChannelSlugOrAny", defaultMessage: "Channel slug or *" },
  url: { id: "settings.columnUrl", defaultMessage: "URL" },
});

// The placeholders are examples of values, not texts: they stay as they are.
const SENDER_COLUMNS = [
  { key: "channel", label: COLUMN_LABELS.senderChannel, placeholder: "channel-de" },
  { key: "sender", label: COLUMN_LABELS.sender, placeholder: "Shop DE <hallo@shop.de>",
    flex: "2 1 240px" },
];
const URL_COLUMNS = [
  { key: "channel", label: COLUMN_LABELS.urlChannel, placeholder: "*" },
  { key: "url", label: COLUMN_LABELS.url,
    placeholder: "https://shop.example.com/checkout?id={checkout_id}", flex: "3 1 320px" },
];

/** Returns `columns` with their labels in the `intl` language. */
function translatedColumns(intl, columns) {
  return columns.map((column) => ({ ...column, label: intl.formatMessage(column.label) }));
}

/** Splits "Shop <shop@example.com>" (or '"Shop, Inc." <…>', or a bare address) in two. */
function senderParts(sender) {
  const match = sender.match(/^\s*(.*?)\s*<([^<>]*)>\s*$/);
  if (!match) return { name: "", address: sender.trim() };
  const name = /^".*"$/.test(match[1]) ? match[1].slice(1, -1).replace(/\\(.)/g, "$1")
    : match[1];
  return { name, address: match[2] };
}

/** Returns the From header the API reads; quoted, so a name may hold commas and dots. */
function senderOf(name, address) {
  const display = name.trim();
  if (!display) return address.trim();
  return `"${display.replace(/["\\]/g, "\\$&")}" <${address.trim()}>`;
}

function rowsOf(json, keyName, valueName) {
  return Object.entries(JSON.parse(json)).map(([key, value]) => ({
    [keyName]: key, [valueName]: value }));
}

function jsonOf(rows, keyName, valueName) {
  return JSON.stringify(Object.fromEntries(rows.map((row) => [
    row[keyName].trim(), row[valueName].trim()])));
}

function formOf(settings) {
  const sender = senderParts(settings.senderEmail);
  return {
    fromName: sender.name,
    fromAddress: sender.address,
    channelSenders: rowsOf(settings.channelSenders, "channel", "sender"),
    shopName: settings.shopName,
    logoUrl: settings.logoUrl,
    contactEmail: settings.contactEmail,
    contactPhone: settings.contactPhone,
    contactAddress: settings.contactAddress,
    quietHoursEnabled: settings.quietHoursEnabled,
    // The API answers "21:00:00"; a time field shows hours and minutes.
    quietHoursStart: settings.quietHoursStart.slice(0, 5),
    quietHoursEnd: settings.quietHoursEnd.slice(0, 5),
    defaultTimeZone: settings.defaultTimeZone,
    frequencyCapHours: String(settings.frequencyCapHours),
    maxIdleDays: String(settings.maxIdleDays),
    marketingConsentRequired: settings.marketingConsentRequired,
    marketingConsentKey: settings.marketingConsentKey,
    storefrontCheckoutUrls: rowsOf(settings.storefrontCheckoutUrls, "channel", "url"),
    exitOfferPolicyId: settings.exitOfferPolicyId ?? "",
    welcomeDiscountPolicyId: settings.welcomeDiscountPolicyId ?? "",
  };
}

function numberOrNull(text) {
  return text.trim() === "" ? null : Number(text);
}

/** Returns the whole input for the form; an emptied field is null, which the API refuses
 * with a message for it. */
function inputOf(form) {
  return {
    senderEmail: senderOf(form.fromName, form.fromAddress),
    channelSenders: jsonOf(form.channelSenders, "channel", "sender"),
    shopName: form.shopName,
    logoUrl: form.logoUrl,
    contactEmail: form.contactEmail,
    contactPhone: form.contactPhone,
    contactAddress: form.contactAddress,
    quietHoursEnabled: form.quietHoursEnabled,
    quietHoursStart: form.quietHoursStart || null,
    quietHoursEnd: form.quietHoursEnd || null,
    defaultTimeZone: form.defaultTimeZone,
    frequencyCapHours: numberOrNull(form.frequencyCapHours),
    maxIdleDays: numberOrNull(form.maxIdleDays),
    marketingConsentRequired: form.marketingConsentRequired,
    marketingConsentKey: form.marketingConsentKey,
    storefrontCheckoutUrls: jsonOf(form.storefrontCheckoutUrls, "channel", "url"),
    exitOfferPolicyId: form.exitOfferPolicyId || null,
    welcomeDiscountPolicyId: form.welcomeDiscountPolicyId || null,
  };
}

/** Returns the fields of `form` that differ from `saved`, as the API's input. */
function changesOf(form, saved) {
  const now = inputOf(form);
  const before = inputOf(saved);
  return Object.fromEntries(Object.entries(now).filter(
    ([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key])));
}

/** Problems the API could not even receive: its `Int` takes whole numbers only. */
function localProblems(intl, changes) {
  const problems = {};
  if ("maxIdleDays" in changes && changes.maxIdleDays !== null &&
      !Number.isInteger(changes.maxIdleDays)) {
    problems.maxIdleDays = intl.formatMessage({ id: "settings.wholeNumberOfDays",
      defaultMessage: "Give a whole number of days." });
  }
  return problems;
}

function SettingsForm({ page, state, settings, policies }) {
  const intl = useIntl();
  const [saved, setSaved] = useState(() => formOf(settings));
  const [form, setForm] = useState(saved);
  const { errors, setErrors, outcome, setOutcome, submit } = useFormSubmit(page, state,
    FIELDS);
  const set = (key) => (value) => setForm((current) => ({ ...current, [key]: value }));
  const changes = changesOf(form, saved);
  const changedCount = Object.keys(changes).length;

  const save = async () => {
    const problems = localProblems(intl, changes);
    if (Object.keys(problems).length) {
      setErrors(problems);
      setOutcome({ status: "error", message: intl.formatMessage({ id: "settings.nothingSaved",
        defaultMessage: "Nothing was saved: correct the fields marked." }) });
      return;
    }
    const payload = await submit(SETTINGS, "DashboardSettingsUpdate", { input: changes },
      "retentionSettingsUpdate", intl.formatMessage({ id: "settings.permissionPurpose",
        defaultMessage: "change the settings" }));
    if (!payload) return;
    const now = formOf(payload.settings);
    setSaved(now);
    setForm(now);
    setOutcome({ status: "success", message: intl.formatMessage({ id: "settings.saved",
      defaultMessage: "{count, plural, one {# setting saved.} other {# settings saved.}}" },
    { count: changedCount }) });
    notifyDashboard({ status: "success",
      title: intl.formatMessage({ id: "settings.savedTitle", defaultMessage: "Settings saved" }),
      text: intl.formatMessage({ id: "settings.savedNotification",
        defaultMessage: "{count, plural, one {# setting saved.} other {# settings saved.}} Reminders already planned follow them when they are due." },
      { count: changedCount }) });
  };

  const policyOptions = policies.map((policy) => ({ value: policy.id, label: policy.name }));
  return (
    <Box display="flex" flexDirection="column" gap={6} data-testid="settings-form">
      <FieldGroup title={intl.formatMessage({ id: "settings.senderTitle",
        defaultMessage: "Sender" })}
        testId="group-sender"
        description={intl.formatMessage({ id: "settings.senderDescription",
          defaultMessage: "Who the reminders come from. Replies go to this address too." })}>
        <TextField name="fromName"
          label={intl.formatMessage({ id: "settings.fromName", defaultMessage: "From name" })}
          value={form.fromName} onChange={set("fromName")}
          hint={intl.formatMessage({ id: "settings.fromNameHint",
            defaultMessage: "For example the shop's name; empty: the address only." })} />
        <TextField name="senderEmail" type="email"
          label={intl.formatMessage({ id: "settings.fromAddress", defaultMessage: "From address" })}
          value={form.fromAddress} onChange={set("fromAddress")} error={errors.senderEmail}
          hint={intl.formatMessage({ id: "settings.fromAddressHint",
            defaultMessage: "Both empty: the app's default sender." })} />
        <RowsField name="channelSenders"
          label={intl.formatMessage({ id: "settings.channelSenders",
            defaultMessage: "A channel's own sender" })}
          rows={form.channelSenders} onChange={set("channelSenders")}
          addLabel={intl.formatMessage({ id: "settings.addChannelSender",
            defaultMessage: "Add a channel's sender" })}
          error={errors.channelSenders} columns={translatedColumns(intl, SENDER_COLUMNS)} />
      </FieldGroup>
      <FieldGroup title={intl.formatMessage({ id: "settings.shopTitle",
        defaultMessage: "The shop in the emails" })} testId="group-shop">
        <TextField {...bindField(form, set, errors, "shopName")}
          label={intl.formatMessage({ id: "settings.shopName", defaultMessage: "Shop name" })}
          hint={intl.formatMessage({ id: "settings.shopNameHint",
            defaultMessage: "Empty: the Saleor domain." })} />
        <TextField {...bindField(form, set, errors, "logoUrl")} type="url"
          label={intl.formatMessage({ id: "settings.logoUrl", defaultMessage: "Logo URL" })}
          hint={intl.formatMessage({ id: "settings.logoUrlHint",
            defaultMessage: "An http(s) URL; empty: none." })} />
        <TextField {...bindField(form, set, errors, "contactEmail")} type="email"
          label={intl.formatMessage({ id: "settings.contactEmail",
            defaultMessage: "Contact address" })} />
        <TextField {...bindField(form, set, errors, "contactPhone")}
          label={intl.formatMessage({ id: "settings.contactPhone",
            defaultMessage: "Contact phone" })} />
        <TextField {...bindField(form, set, errors, "contactAddress")}
          label={intl.formatMessage({ id: "settings.contactAddress",
            defaultMessage: "Postal address" })} />
      </FieldGroup>
      <FieldGroup title={intl.formatMessage({ id: "settings.sendingTitle",
        defaultMessage: "Sending" })}
        testId="group-sending"
        description={intl.formatMessage({ id: "settings.sendingDescription",
          defaultMessage: "When reminders go out and to whom. Reminders already planned follow these when they are due." })}>
        <CheckField {...bindField(form, set, errors, "quietHoursEnabled", { checked: true })}
          label={intl.formatMessage({ id: "settings.quietHours",
            defaultMessage: "Quiet hours: hold reminders during the shopper's night" })}
          hint={intl.formatMessage({ id: "settings.quietHoursHint",
            defaultMessage: "A reminder due at night waits until the night ends, in the shopper's time zone." })} />
        <TextField {...bindField(form, set, errors, "quietHoursStart")} type="time"
          label={intl.formatMessage({ id: "settings.nightBegins", defaultMessage: "Night begins" })} />
        <TextField {...bindField(form, set, errors, "quietHoursEnd")} type="time"
          label={intl.formatMessage({ id: "settings.nightEnds", defaultMessage: "Night ends" })} />
        <TextField {...bindField(form, set, errors, "defaultTimeZone")}
          label={intl.formatMessage({ id: "settings.defaultTimeZone",
            defaultMessage: "Time zone when the country is unknown" })}
          hint={intl.formatMessage({ id: "settings.defaultTimeZoneHint",
            defaultMessage: "An IANA zone such as Europe/Berlin." })} />
        <TextField {...bindField(form, set, errors, "frequencyCapHours")} type="number"
          label={intl.formatMessage({ id: "settings.frequencyCap",
            defaultMessage: "Frequency cap (hours)" })}
          hint={intl.formatMessage({ id: "settings.frequencyCapHint",
            defaultMessage: "At most one reminder per address in this many hours; 0 to 720." })} />
        <TextField {...bindField(form, set, errors, "maxIdleDays")} type="number"
          label={intl.formatMessage({ id: "settings.maxIdleDays",
            defaultMessage: "Stop after idle (days)" })}
          hint={intl.formatMessage({ id: "settings.maxIdleDaysHint",
            defaultMessage: "A checkout idle for longer gets no more reminders; 1 to 90." })} />
        <CheckField {...bindField(form, set, errors, "marketingConsentRequired", { checked: true })}
          label={intl.formatMessage({ id: "settings.consentRequired",
            defaultMessage: "Marketing consent required" })}
          hint={intl.formatMessage({ id: "settings.consentRequiredHint",
            defaultMessage: "Shoppers without consent get only the first reminder, without a discount." })} />
        <TextField {...bindField(form, set, errors, "marketingConsentKey")}
          label={intl.formatMessage({ id: "settings.consentKey",
            defaultMessage: "Consent metadata key" })}
          hint={intl.formatMessage({ id: "settings.consentKeyHint",
            defaultMessage: "The checkout or customer metadata key that holds a shopper's consent." })} />
      </FieldGroup>
      <FieldGroup title={intl.formatMessage({ id: "settings.storefrontTitle",
        defaultMessage: "Storefront" })}
        testId="group-storefront"
        description={intl.formatMessage({ id: "settings.storefrontDescription",
          defaultMessage: "Where a reminder's link takes the shopper to finish the checkout." })}>
        <RowsField name="storefrontCheckoutUrls"
          label={intl.formatMessage({ id: "settings.checkoutUrls",
            defaultMessage: "Checkout page per channel" })}
          rows={form.storefrontCheckoutUrls} onChange={set("storefrontCheckoutUrls")}
          addLabel={intl.formatMessage({ id: "settings.addCheckoutUrl",
            defaultMessage: "Add a checkout URL" })}
          error={errors.storefrontCheckoutUrls}
          // The URL's own placeholders are code names: they are values, not words.
          hint={intl.formatMessage({ id: "settings.checkoutUrlsHint",
            defaultMessage: "Channel slug, or * for every channel; the URL may contain {checkoutId} and {token}." },
          { checkoutId: "{checkout_id}", token: "{token}" })}
          columns={translatedColumns(intl, URL_COLUMNS)} />
      </FieldGroup>
      <FieldGroup title={intl.formatMessage({ id: "settings.offersTitle",
        defaultMessage: "Storefront offers" })}
        testId="group-offers"
        description={intl.formatMessage({ id: "settings.offersDescription",
          defaultMessage: "The codes the storefront asks for: when a shopper is about to leave, and for leaving an email address. Discount policies are made in the Discounts tab." })}>
        <SelectField {...bindField(form, set, errors, "exitOfferPolicyId")}
          label={intl.formatMessage({ id: "settings.exitOffer",
            defaultMessage: "Exit-intent offer" })} options={[
            { value: "", label: intl.formatMessage({ id: "settings.exitOfferDefault",
              defaultMessage: "The default: 10% for 1 hour" }) }, ...policyOptions]} />
        <SelectField {...bindField(form, set, errors, "welcomeDiscountPolicyId")}
          label={intl.formatMessage({ id: "settings.welcomeCode", defaultMessage: "Welcome code" })} options={[
            { value: "", label: intl.formatMessage({ id: "settings.welcomeCodeNone",
              defaultMessage: "None: no welcome code" }) }, ...policyOptions]}
          hint={intl.formatMessage({ id: "settings.welcomeCodeHint",
            defaultMessage: "Given once per address that has never ordered." })} />
      </FieldGroup>
      <Box display="flex" flexDirection="column" gap={2}>
        <SaveOutcome outcome={outcome} testId="settings-outcome" />
        <Box display="flex" gap={3} alignItems="center">
          <Button data-testid="save-settings" onClick={save}
            disabled={changedCount === 0 || outcome?.status === "running"}>
            <FormattedMessage id="settings.save" defaultMessage="Save settings" />
          </Button>
          <Text color="default2" data-testid="unsaved-count">
            {changedCount
              ? intl.formatMessage({ id: "settings.unsavedCount",
                defaultMessage: "{count, plural, one {# unsaved change} other {# unsaved changes}}" },
              { count: changedCount })
              : intl.formatMessage({ id: "settings.noUnsavedChanges",
                defaultMessage: "No unsaved changes" })}
          </Text>
          {changedCount > 0 && (
            <Button variant="tertiary" data-testid="discard-changes" onClick={() => {
              setForm(saved);
              setErrors({});
              setOutcome(null);
            }}>
              <FormattedMessage id="settings.discardChanges" defaultMessage="Discard changes" />
            </Button>)}
        </Box>
      </Box>
    </Box>
  );
}

export function Settings({ page, state }) {
  const { loading, data, error } = useApiQuery(page, state, SETTINGS,
    { operationName: "DashboardSettings" });
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="settings">
      <Box display="flex" flexDirection="column" gap={1}>
        <Text as="h1" size={8} fontWeight="bold">
          <FormattedMessage id="settings.title" defaultMessage="Settings" />
        </Text>
        <Text color="default2">
          <FormattedMessage id="settings.subtitle"
            defaultMessage="How and when this store's reminders are sent." />
        </Text>
      </Box>
      {error && <AccessProblem error={error} appName={page.appName} />}
      {loading && !data && <Skeleton __height="240px" data-testid="loading" />}
      {data && !error && (
        <SettingsForm page={page} state={state} settings={data.retentionSettings}
          policies={data.retentionDiscountPolicies} />)}
    </Box>
  );
}
