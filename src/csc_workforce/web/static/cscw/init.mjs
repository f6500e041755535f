// Start GOV.UK Frontend's components (served locally from npm's govuk-frontend).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
