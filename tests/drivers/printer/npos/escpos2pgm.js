// tests/drivers/printer/npos/escpos2pgm.js: test helper (not shipped).
// Decode the GS v 0 raster bands of an ESC/POS file with npos (an independent parser) into
// a PGM image: node escpos2pgm.js IN.bin OUT.pgm. Prints the command list it saw to stderr.
'use strict';
const fs = require('fs');
const npos = require('npos');
const raster = require('npos/lib/codecs/raster');
const raw = fs.readFileSync(process.argv[2]);
npos.parser().parse(raw).then((ast) => {
  if (ast.error) throw new Error('npos: ' + ast.error);
  const names = ast.tree.map((n) => n.ascii + (n.fn !== undefined ? ' ' + n.fn : ''));
  process.stderr.write(JSON.stringify(names.reduce((m, k) => (m[k] = (m[k] || 0) + 1, m), {})) + '\n');
  const bands = ast.tree.filter((n) => n.hex === '1D' && String(n.fn).startsWith('v'))
    .map((n) => ({offset: n.offset - 8})); // npos reports the offset after the 8-byte header
  if (!bands.length) throw new Error('no raster');
  const img = raster.decode(raw, bands);
  const hdr = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`);
  const px = Buffer.alloc(img.width * img.height);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) px[y * img.width + x] = img.getPixel(x, y);
  fs.writeFileSync(process.argv[3], Buffer.concat([hdr, px]));
}).catch((e) => { console.error(e.message); process.exit(1); });
