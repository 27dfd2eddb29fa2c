// Sign-in and hash routing: #/overview, #/shoppers (#/shoppers/<id> opens a profile), #/stores,
// #/leaderboards, #/missions, #/rewards, #/companions, #/cache, #/keys, #/operations, #/audit. Each view
// module exports render(container, parameter) and may return a clean-up.
import * as api from './api.js';
import * as overview from './overview.js';
import * as stores from './stores.js';
import * as leaderboards from './leaderboards.js';
import * as catalog from './catalog.js';
import * as cache from './cache.js';
import * as shoppers from './shoppers.js';
import * as keys from './keys.js';
import * as operations from './operations.js';
import * as audit from './audit.js';

const views = {
  overview: overview.render,
  stores: stores.render,
  leaderboards: leaderboards.render,
  missions: (c) => catalog.render(c, catalog.MISSIONS),
  rewards: (c) => catalog.render(c, catalog.REWARDS),
  companions: (c) => catalog.render(c, catalog.COMPANIONS),
  cache: cache.render,
  shoppers: shoppers.render,
  keys: keys.render,
  operations: operations.render,
  audit: audit.render,
};

const signInSection = document.getElementById('sign-in');
const signInForm = document.getElementById('sign-in-form');
const keyInput = document.getElementById('api-key');
const keyError = document.getElementById('api-key-error');
const nav = document.getElementById('nav');
const viewContainer = document.getElementById('view');
let cleanup = null;
let generation = 0;

function showSignIn(message = '') {
  stopView();
  nav.hidden = true;
  viewContainer.replaceChildren();
  signInSection.hidden = false;
  keyError.textContent = message;
  keyInput.value = '';
  keyInput.focus();
}

function stopView() {
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
}

async function route() {
  if (!api.key()) {
    showSignIn();
    return;
  }
  signInSection.hidden = true;
  nav.hidden = false;
  const [, name, parameter] = location.hash.match(/^#\/(\w+)(?:\/(.+))?$/) || [];
  if (!views[name]) {
    location.replace('#/overview');
    return;
  }
  stopView();
  nav.querySelectorAll('a').forEach((a) => {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const mine = ++generation;
  viewContainer.replaceChildren();
  viewContainer.dataset.view = name;
  const result = await views[name](viewContainer, parameter ? decodeURIComponent(parameter) : undefined);
  // After a view change, keyboard and screen-reader users start at the new content.
  document.getElementById('main').focus({preventScroll: true});
  if (mine === generation) cleanup = result;
  else if (typeof result === 'function') result();
}

api.setUnauthorizedHandler((message) => {
  cache.reset();
  showSignIn(message);
});

signInForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const candidate = keyInput.value.trim();
  if (!candidate) {
    keyError.textContent = 'Enter a key.';
    return;
  }
  keyError.textContent = '';
  try {
    await api.signIn(candidate);
    keyInput.value = '';
    await route();
  } catch (error) {
    keyError.textContent = error.status === 403
      ? 'This key works but is not an ADMIN key.'
      : error.status === 401 ? 'This key is not valid.' : `Sign-in failed: ${error.message}`;
  }
});

document.getElementById('sign-out').addEventListener('click', () => {
  api.signOut();
  cache.reset();
  history.replaceState(null, '', location.pathname);
  showSignIn('Signed out.');
});

window.addEventListener('hashchange', route);
route();
