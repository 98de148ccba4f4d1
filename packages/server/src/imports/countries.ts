/**
 * Country names as people write them in German, English and Spanish
 * ("Deutschland", "Germany", "Alemania") to the two-letter code the CRM
 * stores, from the runtime's own region names (Intl.DisplayNames), so no
 * list is kept by hand.
 */
let byName: Map<string, string> | undefined;
const codes = new Set<string>();

function names(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const displays = ['de', 'en', 'es'].map((locale) => new Intl.DisplayNames([locale], { type: 'region' }));
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      for (const display of displays) {
        const name = display.of(code);
        if (name && name !== code) {
          byName.set(simplify(name), code);
          codes.add(code);
        }
      }
    }
  }
  return byName;
}

function simplify(name: string): string {
  return name.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[^a-z]/g, '');
}

/** The ISO 3166 code for a code or a country name; null when it is neither. */
export function countryCode(text: string): string | null {
  const trimmed = text.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const code = trimmed.toUpperCase();
    names();
    return codes.has(code) ? code : null;
  }
  return names().get(simplify(trimmed)) ?? null;
}
