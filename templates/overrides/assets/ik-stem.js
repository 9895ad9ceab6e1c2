// Snowball's Danish stemmer (snowballstem.org, the algorithm Pagefind's index uses for pages with lang="da"),
// pure: the search page compares a query word's stem with the stem of the word Pagefind marked in a result, to
// tell a real match from Pagefind's fallback to the longest indexed prefix (ik-query.js, `foundItself`).
// Tested in tests/js/ik-stem.test.mjs.
const VOWELS = "aeiouyæåø";
const CONSONANTS = "bcdfghjklmnpqrstvwxz";
const S_ENDING = "abcdfghjklmnoprtvyzå";
const MAIN = ["hed", "ethed", "ered", "e", "erede", "ende", "erende", "ene", "erne", "ere", "en", "heden", "eren",
  "er", "heder", "erer", "heds", "es", "endes", "erendes", "enes", "ernes", "eres", "ens", "hedens", "erens", "ers",
  "ets", "erets", "et", "eret", "s"].sort((a, b) => b.length - a.length);
const PAIRS = ["gd", "dt", "gt", "kt"];
const OTHER = ["elig", "løst", "lig", "els", "ig"];

// R1: the part after the first consonant that follows a vowel, beginning at the fourth letter at the earliest
function region(w) {
  if (w.length < 3) return w.length;
  let i = 0;
  while (i < w.length && !VOWELS.includes(w[i])) i++;
  while (i < w.length && VOWELS.includes(w[i])) i++;
  return i < w.length ? Math.max(i + 1, 3) : w.length;
}

export function stemDanish(word) {
  let w = word.toLowerCase();
  const p1 = region(w);
  const inR1 = (suffix) => w.endsWith(suffix) && w.length - suffix.length >= p1;
  const main = MAIN.find(inR1);
  if (main === "s") {
    if (w.length - 2 >= p1 && S_ENDING.includes(w[w.length - 2])) w = w.slice(0, -1);
  } else if (main) w = w.slice(0, -main.length);
  const pair = () => { if (PAIRS.some(inR1)) w = w.slice(0, -1); };
  pair();
  if (w.endsWith("igst")) w = w.slice(0, -2);
  const other = OTHER.find(inR1);
  if (other === "løst") w = w.slice(0, -1);
  else if (other) { w = w.slice(0, -other.length); pair(); }
  const n = w.length;
  if (n >= 2 && n - 1 >= p1 && CONSONANTS.includes(w[n - 1]) && w[n - 2] === w[n - 1]) w = w.slice(0, -1);
  return w;
}
