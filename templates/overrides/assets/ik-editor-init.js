// Loaded before Decap's bundle (templates/admin/index.html): Decap waits for ik-editor.js to register the form's
// widgets, texts and format and to start it (CMS.init), so nothing is drawn or read before they are in place.
window.CMS_MANUAL_INIT = true;
