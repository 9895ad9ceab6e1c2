// eslint's configuration (flat config; eslint and @eslint/js pinned in package.json). It lints our own JavaScript
// only: the site's modules (templates/overrides/assets/), the preview's live-reload script (templates/preview/),
// the Node tests (tests/js/) and this file — never Material's, Pagefind's or Decap's code, nor the built site.
// tests/test_js.py runs it: node node_modules/eslint/bin/eslint.js --max-warnings 0
import js from "@eslint/js";

const browser = Object.fromEntries([
  "window", "document", "location", "history", "fetch", "URL", "URLSearchParams", "XMLHttpRequest", "Event", "DOMParser",
  "setTimeout", "clearTimeout", "setInterval", "clearInterval",
].map((name) => [name, "readonly"]));

// Content is shown as text nodes, never parsed as HTML (ARCHITECTURE.md: escaping happens once, where HTML is made)
const noHtml = ["innerHTML", "outerHTML"].map((property) => ({
  selector: `AssignmentExpression > MemberExpression.left[property.name='${property}']`,
  message: `No ${property}: build elements and set textContent.`,
}));

export default [
  { ignores: [".venv/", "site/", ".cache/", "bench/", "node_modules/", "**/*.js",
              "!templates/overrides/assets/*.js", "!templates/preview/*.js"] },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: browser },
    rules: {
      // one style: modules with const/let and arrow callbacks, strict equality, no code made from strings
      "no-var": "error",
      "prefer-const": "error",
      "prefer-arrow-callback": "error",
      "object-shorthand": "error",
      eqeqeq: "error",
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-use-before-define": ["error", { functions: false }],
      "no-restricted-syntax": ["error", ...noHtml,
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: "No insertAdjacentHTML." },
        { selector: "CallExpression[callee.object.name='document'][callee.property.name='write']",
          message: "No document.write." }],
      "no-restricted-properties": ["error", { object: "document", property: "currentScript",
        message: "A module has no document.currentScript: find the script by a data- attribute." }],
    },
  },
  {
    // MkDocs' live-reload poller as the preview serves it (katalog_mkdocs/serve.py writes its <script src> tag): a classic
    // script, which reads its own tag's attributes
    files: ["templates/preview/*.js"],
    languageOptions: { sourceType: "script" },
    rules: { "no-restricted-properties": "off", "no-var": "off", "prefer-arrow-callback": "off" },
  },
  {
    files: ["tests/js/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { globals: { process: "readonly" } },
  },
];
