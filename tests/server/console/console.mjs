// Drives casehub's department console in Debian's headless Chromium, as a member of staff
// would with a mouse: log in, open the case from the to-do list, accept and complete matter 1,
// log out with the visible 退出登录 button, then open the phone page at a phone's 390x844
// (screenshot into $PHONE_SHOT when set). Usage: node console.mjs BASE_URL USER PASSWORD CODE TOKEN
// Prints "ok" lines and exits non-zero at the first failed expectation.
import { chromium } from 'playwright-core';

// WCAG contrast ratio of an element's text against the first opaque background behind it.
function contrastOf(el) {
  const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const fg = rgb(getComputedStyle(el).color);
  let bg = [255, 255, 255];
  for (let e = el; e; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) { bg = c.slice(0, 3); break; }
  }
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

const [base, user, password, code, token] = process.argv.slice(2);
let failed = 0;
function expect(ok, what) {
  console.log(`${ok ? 'ok' : 'FAIL'} ${what}`);
  if (!ok) failed++;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${base}/console/`);
  expect(page.url().endsWith('/console/login'), 'unauthenticated console redirects to login');
  await page.fill('#user', user);
  await page.fill('#password', 'wrong password');
  await page.click('#login');
  expect(await page.isVisible('#login-failed'), 'a wrong password is refused');
  await page.fill('#user', user);
  await page.fill('#password', password);
  await page.click('#login');
  await page.waitForSelector('#todo');
  const cookies = await page.context().cookies();
  const sess = cookies.find((c) => c.name === 'casehub_session');
  expect(sess && sess.httpOnly && sess.sameSite === 'Strict', 'session cookie is HttpOnly, SameSite=Strict');
  const link = page.locator('a.case-link', { hasText: code }).first();
  expect(await link.count() === 1, 'the submitted case is in the to-do list');
  await link.click();
  await page.waitForSelector('#case-code');
  expect((await page.textContent('#form')).includes('张三明'), 'the case shows its form data');
  const imgOk = await page.$eval('img.page', (i) => i.complete && i.naturalWidth > 0);
  expect(imgOk, 'the scanned page is shown');
  const sigOk = await page.$eval('details#sec-signature[open] img#signature',
                                 (i) => i.complete && i.naturalWidth > 0).catch(() => false);
  expect(sigOk, "the applicant's signature is shown");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width <= 1366, `readable at 1366x768 without horizontal scrolling (width ${width})`);
  await page.screenshot({ path: process.env.SHOT || '/dev/null', fullPage: true }).catch(() => {});
  await page.click('#do-1-accepted');
  await page.waitForSelector('#status-1');
  expect((await page.textContent('#status-1')).trim().startsWith('已受理'), 'matter 1 accepted');
  await page.fill('#note-1-completed', '已接收报到，安置待遇已登记');
  await page.click('#do-1-completed');
  await page.waitForSelector('#status-1');
  expect((await page.textContent('#status-1')).trim().startsWith('已办结'), 'matter 1 completed');
  expect(await page.locator('#do-1-rejected').count() === 0, 'a completed matter offers no actions');
  expect(await page.locator('#do-3-accepted').count() === 0,
         "another department's matter offers no actions");
  expect(await page.locator('details#sec-matters[open] #matters').count() === 1,
         'the matters are an open section');
  expect((await page.textContent('#sec-person > summary')).includes('（4 项）'),
         'a form section is summed up with its count');
  expect(!(await page.textContent('main')).includes('sha256'), 'no hash names on the case page');

  // 退出登录: visible, readable, in view, and it ends the session
  const lo = page.locator('#logout');
  expect(await lo.isVisible() && (await lo.textContent()).trim() === '退出登录',
         'the 退出登录 button is visible');
  const box = await lo.boundingBox();
  expect(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 1366 && box.y + box.height <= 768,
         'the 退出登录 button is in view');
  const ratio = await page.$eval('#logout', contrastOf);
  expect(ratio >= 4.5, `the 退出登录 button is readable (contrast ${ratio.toFixed(2)})`);
  await lo.click();
  await page.waitForSelector('#login');
  expect(page.url().endsWith('/console/login'), 'logging out leads to the login page');
  await page.goto(`${base}/console/`);
  expect(page.url().endsWith('/console/login'), 'the session is over after logging out');

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const r = await phone.goto(`${base}/s/${code}?t=${token}`);
  expect(r.status() === 200, 'the phone page answers with the right token');
  expect((await phone.textContent('#status-1')).includes('已办结'), 'the phone page shows the completion');
  expect((await phone.textContent('#name')).trim() === '张*明', 'the phone page masks the name');
  expect(!(await phone.content()).includes('张三明'), 'the full name is not on the phone page');
  // readable on a phone: no sideways scrolling, no text under 16 px, one card per matter
  const pw = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(pw <= 390, `no horizontal scrolling at 390 px (width ${pw})`);
  const small = await phone.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 16)
    .map((e) => `${e.tagName}:${getComputedStyle(e).fontSize}:${e.textContent.trim().slice(0, 12)}`));
  expect(small.length === 0, `no text under 16 px (${small.join(' | ')})`);
  expect(await phone.locator('.matter-card').count() === 2, 'one card per matter');
  expect((await phone.textContent('#hall-name')).includes('东胜区'), "the hall's name is shown");
  expect((await phone.textContent('#hall-phone')).trim() === '0477-8575378',
         "the hall's enquiry phone is shown");
  expect(await phone.locator('a#hall-phone[href="tel:0477-8575378"]').count() === 1,
         'the enquiry phone can be called with one tap');
  if (process.env.PHONE_SHOT)
    await phone.screenshot({ path: process.env.PHONE_SHOT, fullPage: true });
  const bad = await phone.goto(`${base}/s/${code}?t=AAAAAAAAAAAAAAAA`);
  expect(bad.status() === 404, 'a wrong token gives 404');
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
