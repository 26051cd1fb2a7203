#!/usr/bin/env node
// Checks that every locale in web/src/locales has every message that en.json has,
// with every plural form its language needs (from Intl.PluralRules) and the same
// {{variables}}. Exits non-zero and lists the problems otherwise.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('../src/locales/', import.meta.url));

function flatten(object, prefix = '', out = new Map()) {
  for (const [key, value] of Object.entries(object)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') flatten(value, path, out);
    else out.set(path, String(value));
  }
  return out;
}

/** Groups "a.b_one", "a.b_other" under "a.b" and keeps plain keys as they are. */
function messages(flat) {
  const out = new Map();
  for (const [key, value] of flat) {
    const match = /^(.*)_(zero|one|two|few|many|other)$/.exec(key);
    const base = match ? match[1] : key;
    const entry = out.get(base) ?? { plural: false, forms: new Map() };
    if (match) entry.plural = true;
    entry.forms.set(match ? match[2] : '', value);
    out.set(base, entry);
  }
  return out;
}

const variables = (text) => new Set([...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]));

const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const reference = messages(flatten(JSON.parse(readFileSync(join(dir, 'en.json'), 'utf8'))));
const problems = [];

for (const file of files) {
  const lang = file.replace(/\.json$/, '');
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const own = messages(flatten(JSON.parse(readFileSync(join(dir, file), 'utf8'))));
  for (const [key, ref] of reference) {
    const entry = own.get(key);
    if (!entry) {
      problems.push(`${file}: missing ${key}`);
      continue;
    }
    if (ref.plural !== entry.plural) {
      problems.push(`${file}: ${key} should ${ref.plural ? '' : 'not '}have plural forms`);
      continue;
    }
    const expected = ref.plural ? categories : [''];
    for (const form of expected) {
      if (!entry.forms.has(form)) problems.push(`${file}: missing ${key}${form ? `_${form}` : ''}`);
    }
    const refVars = new Set([...ref.forms.values()].flatMap((v) => [...variables(v)]));
    for (const [form, text] of entry.forms) {
      for (const v of variables(text)) {
        if (!refVars.has(v)) problems.push(`${file}: ${key}${form ? `_${form}` : ''} uses unknown {{${v}}}`);
      }
      if (!text.trim()) problems.push(`${file}: ${key}${form ? `_${form}` : ''} is empty`);
    }
    for (const v of refVars) {
      if (v === 'count' && ref.plural) continue;
      const used = [...entry.forms.values()].some((text) => variables(text).has(v));
      if (!used) problems.push(`${file}: ${key} never uses {{${v}}}`);
    }
  }
  for (const key of own.keys()) {
    if (!reference.has(key)) problems.push(`${file}: ${key} is not in en.json`);
  }
  for (const [key, entry] of own) {
    for (const form of entry.forms.keys()) {
      if (form && !categories.includes(form) && form !== 'zero') {
        problems.push(`${file}: ${key}_${form} is not a plural form of ${lang}`);
      }
    }
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`${problems.length} locale problem(s)`);
  process.exit(1);
}
console.log(`locales complete: ${files.join(', ')} (${reference.size} messages)`);
