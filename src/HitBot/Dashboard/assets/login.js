// Keeps the page you asked for (#/people, #/updates/…) through sign-in: the browser carries the fragment of the
// form's address through the redirect that follows a successful sign-in.
// The sign-in link a local run prints (/login#token=…) signs in at once; the token leaves the address bar first.
// Only on a loopback address, where a local run listens: on the server's own name a link carrying a token is someone
// else's token, sent to put the reader in their session past the form's CSRF check, so it signs nobody in.
"use strict";
const form = document.querySelector("form[action='/login']");
const link = /^#token=([^&]+)$/.exec(location.hash);
const local = ["localhost", "127.0.0.1", "[::1]"].includes(location.hostname);
if (form && link) {
  history.replaceState(null, "", location.pathname);
  if (local) {
    form.querySelector("#token").value = decodeURIComponent(link[1]);
    form.submit();
  }
} else {
  form?.setAttribute("action", "/login" + location.hash);
}
