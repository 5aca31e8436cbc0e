// Starts GOV.UK Frontend's components on every page (a file, not an inline script: docs/security.md).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
