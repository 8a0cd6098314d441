// The entry of every Dashboard page. The HTML shell (templates/saleor_retention/dashboard/
// page.html) names the screen and the URLs in data attributes of #dashboard-root.
import "@saleor/macaw-ui/style";
import { createRoot } from "react-dom/client";

import { App } from "./App.jsx";

const root = document.getElementById("dashboard-root");
const page = {
  screen: root.dataset.screen,
  apiUrl: root.dataset.apiUrl,
  appName: root.dataset.appName,
  manifestUrl: root.dataset.manifestUrl,
};
createRoot(root).render(<App page={page} />);
