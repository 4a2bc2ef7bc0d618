// hrsa's browser script: start GOV.UK Frontend's components (character count, error summary, ...).
import { initAll } from './govuk-frontend.min.js'

initAll()
