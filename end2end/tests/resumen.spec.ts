import { expect, Page, test } from "./fixtures";
import { hydrated, login, shot } from "./helpers";

/** es-MX money as the page prints it: "1234.5" → "$1,234.50". */
function money(decimal: string): string {
  const [units, cents = ""] = decimal.split(".");
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `$${grouped}.${(cents + "00").slice(0, 2)}`;
}

const MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
  "septiembre", "octubre", "noviembre", "diciembre"];

function monthName(key: string): string {
  const [year, month] = key.split("-");
  return `${MONTHS[Number(month) - 1]} de ${year}`;
}

function deals(count: number): string {
  return `${count} ${count === 1 ? "trato" : "tratos"}`;
}

async function dashboardJson(page: Page, query = ""): Promise<any> {
  const res = await page.request.get(`/api/v1/dashboard${query}`);
  expect(res.status()).toBe(200);
  return res.json();
}

async function expectKpis(page: Page, json: any): Promise<void> {
  const open = page.locator("[data-kpi='open']");
  await expect(open.locator("[data-figure='main']")).toHaveText(String(json.open_deals.count));
  await expect(open.locator("[data-figure='detail']")).toHaveText(money(json.open_deals.total));
  const won = page.locator("[data-kpi='won']");
  await expect(won.locator("[data-figure='main']")).toHaveText(String(json.won_deals.count));
  await expect(won.locator("[data-figure='detail']")).toHaveText(money(json.won_deals.total));
  const average = page.locator("[data-kpi='average']");
  await expect(average.locator("[data-figure='main']")).toHaveText(
    json.average_won_value === null ? "—" : money(json.average_won_value),
  );
  await expect(average.locator("[data-figure='conversion']")).toHaveText(
    json.conversion_rate === null ? "—" : `${(json.conversion_rate * 100).toFixed(1)} %`,
  );
}

test("the gerente's KPIs equal the JSON endpoint's", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await login(page, "gerente@demo.embudo.mx");
  const json = await dashboardJson(page);
  expect(json.open_deals.count).toBeGreaterThan(0);
  await expectKpis(page, json);
  await expect(page.locator("[data-window-end]")).toHaveAttribute("data-window-end", json.window_end);
  await expect(page.locator("[data-widget='revenue'] [data-month]")).toHaveCount(json.monthly_revenue.length);
  await expect(page.locator("[data-widget='funnel'] [data-stage-id]")).toHaveCount(json.funnel.length);
  await shot(page, "resumen-gerente-desktop");
});

test("hovering or focusing a month shows its name, total and deals", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  const json = await dashboardJson(page);
  const months: any[] = json.monthly_revenue;
  const busiest = months.reduce((a, b) => (b.count > a.count ? b : a));
  await page.locator(`[data-widget='revenue'] [data-month='${busiest.month}']`).hover();
  const tooltip = page.getByRole("tooltip");
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText(monthName(busiest.month));
  await expect(tooltip).toContainText(money(busiest.total));
  await expect(tooltip).toContainText(deals(busiest.count));
  await shot(page, "resumen-tooltip-month");

  // The keyboard reaches the months too: focus the first, Tab to the second.
  await page.mouse.move(0, 0);
  await expect(page.getByRole("tooltip")).toHaveCount(0);
  await page.locator(`[data-month='${months[0].month}']`).focus();
  await expect(page.getByRole("tooltip")).toContainText(monthName(months[0].month));
  await page.keyboard.press("Tab");
  await expect(page.locator(`[data-month='${months[1].month}']`)).toBeFocused();
  await expect(page.getByRole("tooltip")).toContainText(monthName(months[1].month));
  await expect(page.getByRole("tooltip")).toContainText(money(months[1].total));
});

test("hovering a stacked segment shows its stage, count and value", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  const json = await dashboardJson(page);
  const first = json.open_by_owner[0];
  const stage = first.stages.find((s: any) => s.count > 0);
  const segment = page.locator(
    `[data-widget='owners'] [data-user-id='${first.user_id}'][data-stage-id='${stage.stage_id}']`,
  );
  await segment.hover();
  const tooltip = page.getByRole("tooltip");
  await expect(tooltip).toContainText(stage.stage_name);
  await expect(tooltip).toContainText(first.user_name);
  await expect(tooltip).toContainText(deals(stage.count));
  await expect(tooltip).toContainText(money(stage.total));
  // The text alternative carries the same numbers.
  await page.locator("[data-widget='funnel'] summary").click();
  for (const s of json.funnel) {
    await expect(page.locator("[data-widget='funnel'] table")).toContainText(s.stage_name);
  }
  await shot(page, "resumen-tooltip-segment");
});

test("choosing an earlier date recomputes every figure", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  const json = await dashboardJson(page);
  const earlier = new Date(`${json.as_of}T12:00:00Z`);
  earlier.setUTCDate(earlier.getUTCDate() - 60);
  const day = earlier.toISOString().slice(0, 10);
  await page.getByLabel("Fecha de corte").fill(day);
  await page.waitForURL(`**/crm/resumen?as_of=${day}`);
  const past = await dashboardJson(page, `?as_of=${day}`);
  await expect(page.locator("[data-window-end]")).toHaveAttribute("data-window-end", day);
  await expectKpis(page, past);
  // The address can be shared: loading it shows the same view.
  await page.reload();
  await hydrated(page);
  await expectKpis(page, past);
});

test("the vendedor's Resumen is locked and fetches no figures", async ({ page }) => {
  const asked: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/dashboard") || r.url().includes("/api/v1/dashboard")) asked.push(r.url());
  });
  await login(page, "vendedor3@demo.embudo.mx");
  await expect(page.getByRole("heading", { name: "Resumen bloqueado" })).toBeVisible();
  await expect(page.locator("[data-kpi]")).toHaveCount(0);
  expect(asked).toEqual([]);
  const res = await page.request.get("/api/v1/dashboard");
  expect(res.status()).toBe(403);
});

test("the dashboard fits a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, "gerente@demo.embudo.mx");
  await expect(page.locator("[data-kpi='open'] [data-figure='main']")).toBeVisible();
  await expect(page.locator("[data-widget='lost'] .chart")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(overflow).toBeLessThanOrEqual(390);
  await shot(page, "resumen-gerente-phone");
});
