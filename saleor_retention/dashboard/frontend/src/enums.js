// The API's enum values as staff read them ("IN_CHAIN" → "In chain"), translated like
// every other text: `enumLabel(intl, value)`; an unknown value is shown in words.
import { defineMessages } from "react-intl";

import { enumWords } from "./format.js";

const ENUMS = defineMessages({
  WAITING: { id: "enum.WAITING", defaultMessage: "Waiting" },
  IN_CHAIN: { id: "enum.IN_CHAIN", defaultMessage: "In chain" },
  CONVERTED: { id: "enum.CONVERTED", defaultMessage: "Converted" },
  RECOVERED: { id: "enum.RECOVERED", defaultMessage: "Recovered" },
  STOPPED: { id: "enum.STOPPED", defaultMessage: "Stopped" },
  FINISHED: { id: "enum.FINISHED", defaultMessage: "Finished" },
  CODE: { id: "enum.CODE", defaultMessage: "Code" },
  CHECKOUT: { id: "enum.CHECKOUT", defaultMessage: "Checkout" },
  EMAIL: { id: "enum.EMAIL", defaultMessage: "Email" },
  FIRST_REMINDER: { id: "enum.FIRST_REMINDER", defaultMessage: "First reminder" },
  FOLLOW_UP: { id: "enum.FOLLOW_UP", defaultMessage: "Follow up" },
  LAST_CHANCE: { id: "enum.LAST_CHANCE", defaultMessage: "Last chance" },
  PERCENTAGE: { id: "enum.PERCENTAGE", defaultMessage: "Percentage" },
  FIXED: { id: "enum.FIXED", defaultMessage: "Fixed" },
  CART_CREATED: { id: "enum.CART_CREATED", defaultMessage: "Cart created" },
  CART_UPDATED: { id: "enum.CART_UPDATED", defaultMessage: "Cart updated" },
  CHAIN_STARTED: { id: "enum.CHAIN_STARTED", defaultMessage: "Chain started" },
  REMINDER_PLANNED: { id: "enum.REMINDER_PLANNED", defaultMessage: "Reminder planned" },
  CODE_ISSUED: { id: "enum.CODE_ISSUED", defaultMessage: "Code issued" },
  REMINDER_SENDING: { id: "enum.REMINDER_SENDING", defaultMessage: "Reminder sending" },
  REMINDER_SENT: { id: "enum.REMINDER_SENT", defaultMessage: "Reminder sent" },
  REMINDER_FAILED: { id: "enum.REMINDER_FAILED", defaultMessage: "Reminder failed" },
  REMINDER_UNCERTAIN: { id: "enum.REMINDER_UNCERTAIN", defaultMessage: "Reminder uncertain" },
  EMAIL_QUEUED: { id: "enum.EMAIL_QUEUED", defaultMessage: "Email queued" },
  EMAIL_SENT: { id: "enum.EMAIL_SENT", defaultMessage: "Email sent" },
  EMAIL_REJECTED: { id: "enum.EMAIL_REJECTED", defaultMessage: "Email rejected" },
  EMAIL_FAILED: { id: "enum.EMAIL_FAILED", defaultMessage: "Email failed" },
  EMAIL_BOUNCED: { id: "enum.EMAIL_BOUNCED", defaultMessage: "Email bounced" },
  EMAIL_DEFERRED: { id: "enum.EMAIL_DEFERRED", defaultMessage: "Email deferred" },
  EMAIL_DELIVERED: { id: "enum.EMAIL_DELIVERED", defaultMessage: "Email delivered" },
  EMAIL_AUTORESPONDED: { id: "enum.EMAIL_AUTORESPONDED", defaultMessage: "Email autoresponded" },
  EMAIL_OPENED: { id: "enum.EMAIL_OPENED", defaultMessage: "Email opened" },
  EMAIL_CLICKED: { id: "enum.EMAIL_CLICKED", defaultMessage: "Email clicked" },
  EMAIL_COMPLAINED: { id: "enum.EMAIL_COMPLAINED", defaultMessage: "Email complained" },
  EMAIL_UNSUBSCRIBED: { id: "enum.EMAIL_UNSUBSCRIBED", defaultMessage: "Email unsubscribed" },
  EMAIL_SUBSCRIBED: { id: "enum.EMAIL_SUBSCRIBED", defaultMessage: "Email subscribed" },
  EMAIL_UNKNOWN: { id: "enum.EMAIL_UNKNOWN", defaultMessage: "Email event" },
  CODE_USED: { id: "enum.CODE_USED", defaultMessage: "Code used" },
  CODE_EXPIRED: { id: "enum.CODE_EXPIRED", defaultMessage: "Code expired" },
  CHECKOUT_PAID: { id: "enum.CHECKOUT_PAID", defaultMessage: "Checkout paid" },
  ORDER_PLACED: { id: "enum.ORDER_PLACED", defaultMessage: "Order placed" },
  REMINDER_SKIPPED: { id: "enum.REMINDER_SKIPPED", defaultMessage: "Reminder skipped" },
  CHAIN_ENDED: { id: "enum.CHAIN_ENDED", defaultMessage: "Chain ended" },
  ORDER_CANCELLED: { id: "enum.ORDER_CANCELLED", defaultMessage: "Order cancelled" },
});

/** Returns `value` (an enum value of the API, any case) in the `intl` language. */
export function enumLabel(intl, value) {
  const message = ENUMS[String(value).toUpperCase()];
  return message ? intl.formatMessage(message) : enumWords(value);
}
