// Marks the page as having JavaScript before it is drawn, as GOV.UK Frontend expects. A file rather than an inline
// script, because the Content-Security-Policy allows scripts only from this site (docs/security.md).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
