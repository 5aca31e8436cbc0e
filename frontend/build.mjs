// Compiles frontend/src/selfdirect.scss and copies GOV.UK Frontend's JS and assets into the Django app's static
// folder. The output is committed, so running Selfdirect never needs Node.
import * as sass from "sass";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";

const out = "../src/selfdirect/core/static";
mkdirSync(`${out}/selfdirect`, { recursive: true });
const result = sass.compile("src/selfdirect.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(`${out}/selfdirect/selfdirect.css`, result.css);
cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk/govuk-frontend.min.js`);
console.log("built", result.css.length, "bytes of CSS");
