// Drives the real Swagger UI in Debian's headless Chromium: Authorize with an API key, then POST /v1/ask ->
// Try it out -> Execute, and checks the rendered response. Usage: node swagger.mjs BASE_URL SCREENSHOT_PATH [KEY]
import { chromium } from "playwright-core";

const [base, screenshot, key] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/docs`, { waitUntil: "networkidle" });
  if (key) {
    await page.locator(".auth-wrapper .authorize").click();
    const modal = page.locator(".modal-ux");
    await modal.locator("input").first().fill(key);
    // the modal's buttons carry aria-labels ("Apply credentials"), so find them by their Swagger UI classes
    await modal.locator("button.authorize").click();
    await modal.locator("button.btn-done").click();
  }
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
