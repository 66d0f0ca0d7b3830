// Draws icon.png (128×128): a GPU memory bar filling up against a capacity line. Run once; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const W = 128, H = 128;
const px = Buffer.alloc(W * H * 4);
const set = (x, y, [r, g, b, a = 255]) => { const i = (y * W + x) * 4; px[i] = r; px[i + 1] = g; px[i + 2] = b; px[i + 3] = a; };
const rect = (x0, y0, x1, y1, c) => { for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) set(x, y, c); };
const round = (x0, y0, x1, y1, rad, c) => {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) {
    const dx = Math.max(x0 + rad - x, 0, x - (x1 - 1 - rad)), dy = Math.max(y0 + rad - y, 0, y - (y1 - 1 - rad));
    if (dx * dx + dy * dy <= rad * rad) set(x, y, c);
  }
};
round(0, 0, W, H, 22, [24, 32, 48]);
const bars = [[18, 40, [86, 156, 214]], [42, 64, [78, 201, 176]], [66, 88, [220, 180, 80]], [90, 112, [230, 95, 85]]];
const heights = [44, 62, 78, 96];
bars.forEach(([x0, x1, c], i) => round(x0, 112 - heights[i], x1, 112, 4, c));
rect(12, 30, 116, 34, [240, 240, 240]);
for (let x = 12; x < 116; x += 10) rect(x, 30, Math.min(x + 6, 116), 34, [255, 255, 255]);

const raw = Buffer.alloc((W * 4 + 1) * H);
for (let y = 0; y < H; y++) { raw[y * (W * 4 + 1)] = 0; px.copy(raw, y * (W * 4 + 1) + 1, y * W * 4, (y + 1) * W * 4); }
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(W, 0); ihdr.writeUInt32BE(H, 4); ihdr[8] = 8; ihdr[9] = 6;
writeFileSync('icon.png', Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
