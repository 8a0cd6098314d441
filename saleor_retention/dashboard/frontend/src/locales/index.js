// The translations of the pages: {language: {message id: ICU message}}, one JSON file per
// screen family (English is the `defaultMessage` in the code). A new language is a folder
// with the same files, added here.
import ruChains from "./ru/chains.json";
import ruCheckouts from "./ru/checkouts.json";
import ruCommon from "./ru/common.json";
import ruDiscounts from "./ru/discounts.json";
import ruOrders from "./ru/orders.json";
import ruOverview from "./ru/overview.json";
import ruSettings from "./ru/settings.json";
import ruTemplates from "./ru/templates.json";

export const CATALOGS = {
  ru: { ...ruCommon, ...ruOverview, ...ruChains, ...ruTemplates, ...ruDiscounts,
    ...ruSettings, ...ruCheckouts, ...ruOrders },
};
