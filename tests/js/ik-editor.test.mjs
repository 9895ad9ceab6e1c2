// The browser editor's form logic (templates/overrides/assets/ik-editor-core.js): which of the engine's messages a
// field shows, the checks generated for a hosted back end, pasted Word lists, what the form writes.
import { test } from "node:test";
import assert from "node:assert/strict";

import { YAML } from "../../node_modules/yaml/browser/dist/index.js";
import {
  cleaned, diagnosticsFor, generatedError, intValue, needsQuotes, pastedItems, pastedText, readable, yamlText,
} from "../../templates/overrides/assets/ik-editor-core.js";

test("a diagnostic goes to the field it names, with the value it was about", () => {
  const data = { titel: "T", citater: [{ tekst: "a", rolle: "Mette Hansen" }, { tekst: "b", rolle: "Pædagog" }] };
  const diagnostics = [{ path: ["citater", 0, "rolle"], severity: "warning", text: "navn" },
                       { path: [], severity: "error", text: "hele posten" }];
  assert.equal(diagnosticsFor(diagnostics, "rolle", "Mette Hansen", data, null).length, 1);
  assert.equal(diagnosticsFor(diagnostics, "rolle", "Pædagog", data, null).length, 0);  // the other quote
  assert.equal(diagnosticsFor(diagnostics, "rolle", "Mette", data, null).length, 0);  // changed since the check
  assert.deepEqual(diagnosticsFor(diagnostics, "titel", "T", data, "titel").map((d) => d.text), ["hele posten"]);
});

test("the generated checks say the validator's messages", () => {
  const year = { int: [1900, 2100], not_int: "'{value}' er ikke et heltal",
                 out_of_range: "tallet {value} ligger uden for det tilladte ({minimum}–{maximum})" };
  assert.equal(generatedError(year, "ca. 2023"), "'ca. 2023' er ikke et heltal");
  assert.equal(generatedError(year, 1850), "tallet 1850 ligger uden for det tilladte (1900–2100)");
  assert.equal(generatedError(year, 2023), null);
  assert.equal(generatedError({ required: "feltet 'titel' mangler" }, "  "), "feltet 'titel' mangler");
  assert.equal(generatedError({}, ""), null);
  const cpr = { checks: [{ refuse: "(?<![\\d])(0[1-9]|[12]\\d|3[01])(0[1-9]|1[0-2])(\\d{2})[ -]?(\\d{4})(?![\\d])",
                           message: "CPR" }] };
  assert.equal(generatedError(cpr, "nr. 010190-1234"), "CPR");
  assert.equal(generatedError(cpr, ["ok", "0101901234"]), "CPR");
  assert.equal(generatedError(cpr, "tlf. 12345678901"), null);
});

test("a number typed is stored as a number, anything else as typed", () => {
  assert.equal(intValue("2023"), 2023);
  assert.equal(intValue(" 2023 "), 2023);
  assert.equal(intValue("ca. 2023"), "ca. 2023");
});

test("a list pasted from Word becomes items, or a Markdown list in a text", () => {
  assert.deepEqual(pastedItems("•\tFørste\r\n•\tAnden\r\n· Tredje\n– Fjerde\n\tFemte"),
                   ["Første", "Anden", "Tredje", "Fjerde", "Femte"]);
  assert.equal(pastedItems("Én linje"), null);
  assert.equal(pastedItems("To linjer\nuden punkttegn"), null);
  assert.equal(pastedText("• a\n• b"), "- a\n- b");
  assert.equal(pastedText("a\tb"), "a b");
  assert.equal(pastedText("almindelig tekst"), null);
});

test("the form writes no empty groups or tabs, and quotes clock times", () => {
  const data = cleaned({ titel: "X", starttid: "16:30", periode: { fra: "" }, punkter: ["a\tb", ""], tal: 3,
                         aabent: "ja", bool: false });
  assert.deepEqual(data, { titel: "X", starttid: "16:30", punkter: ["a b"], tal: 3, aabent: "ja", bool: false });
  const text = yamlText(YAML, data, ["titel", "tal"]);
  assert.match(text, /^titel: X\ntal: 3\n/);
  assert.match(text, /starttid: "16:30"/);
  assert.ok(!text.includes("periode") && !text.includes("\t"));
  assert.equal(YAML.parse(text).starttid, "16:30");
  assert.ok(needsQuotes("9.30") && needsQuotes("on") && !needsQuotes("Pædagog"));
});

test("an original's value reads as text", () => {
  assert.equal(readable(["a", "b"]), "• a\n• b");
  assert.equal(readable({ tekst: "x", punkter: ["p"] }), "tekst: x\npunkter: • p");
  assert.equal(readable(2023), "2023");
});

test("an id is made from a name and follows it until it is saved or typed", async () => {
  const { followingId, idFromName } = await import("../../templates/overrides/assets/ik-editor-core.js");
  assert.equal(idFromName("Holbæk Kommune"), "holbaek-kommune");
  assert.equal(idFromName("  Søren Å. Ærø – Café! "), "soeren-aa-aeroe-cafe");
  assert.equal(idFromName("Holbæk ", true), "holbaek-");
  const made = new Set();
  assert.equal(followingId("", "", "Holbæk", made), "holbaek");  // an empty id follows the name
  made.add("holbaek");
  assert.equal(followingId("holbaek", "Holbæk", "Holbæk Kommune", made), "holbaek-kommune");  // made here: follows
  assert.equal(followingId("holbaek", "Holbæk", "Roskilde", new Set()), null);  // a saved id is kept
  assert.equal(followingId("eget-id", "Holbæk", "Roskilde", made), null);  // a typed id is kept
});

test("a diagnostic goes to the field in the groups it names", () => {
  const data = { citater: [{ tekst: "a" }], kontakt: {} };
  const missing = [{ path: ["citater", 0, "rolle"], severity: "error", text: "feltet 'rolle' mangler" }];
  assert.equal(diagnosticsFor(missing, "rolle", undefined, data, null, ["citater"]).length, 1);
  assert.equal(diagnosticsFor(missing, "rolle", undefined, data, null, ["kontakt"]).length, 0);  // another group's
  assert.equal(diagnosticsFor(missing, "rolle", undefined, data, null, null).length, 1);  // not known yet
});
