// Keeps the page you asked for (#/people, #/updates/…) through sign-in: the browser carries the fragment of the
// form's address through the redirect that follows a successful sign-in.
"use strict";
document.querySelector("form[action='/login']")?.setAttribute("action", "/login" + location.hash);
