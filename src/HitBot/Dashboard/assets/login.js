// Keeps the page you asked for (#/people, #/updates/…) through sign-in: the browser carries the fragment of the
// form's address through the redirect that follows a successful sign-in.
// The sign-in link a local run prints (/login#token=…) signs in at once; the token leaves the address bar first.
"use strict";
const form = document.querySelector("form[action='/login']");
const link = /^#token=([^&]+)$/.exec(location.hash);
if (form && link) {
  history.replaceState(null, "", location.pathname);
  form.querySelector("#token").value = decodeURIComponent(link[1]);
  form.submit();
} else {
  form?.setAttribute("action", "/login" + location.hash);
}
