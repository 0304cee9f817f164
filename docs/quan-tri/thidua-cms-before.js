// Loaded before the CMS bundle: thidua-cms.js starts the CMS itself, once its formats are registered.
window.CMS_MANUAL_INIT = true;
