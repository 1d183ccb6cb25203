// Drives the real Swagger UI in Debian's headless Chromium: POST /v1/ask -> Try it out -> Execute,
// then checks the rendered response. Usage: node swagger.mjs BASE_URL SCREENSHOT_PATH
import { chromium } from "playwright-core";

const [base, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/docs`, { waitUntil: "networkidle" });
  const op = page.locator("#operations-answers-ask_v1_ask_post");
  await op.locator(".opblock-summary").click();
  await op.getByRole("button", { name: "Try it out" }).click();
  await op.getByRole("button", { name: "Execute" }).click();
  const body = op.locator(".responses-wrapper .live-responses-table .response-col_description pre").first();
  await body.waitFor({ timeout: 120000 });
  const text = await body.innerText();
  await page.screenshot({ path: screenshot, fullPage: true });
  if (!text.includes("Medinsky") || !text.includes("\"quote\"")) {
    console.error(`the rendered response lacks Medinsky or a quote:\n${text.slice(0, 2000)}`);
    process.exit(1);
  }
  console.log("swagger ok");
} finally {
  await browser.close();
}
