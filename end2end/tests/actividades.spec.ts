import { expect, test } from "./fixtures";
import { login, shot } from "./helpers";

test("a seller sees their pending activities, soonest first, and filters the overdue ones", async ({ page }) => {
  await login(page, "vendedor1@demo.embudo.mx");
  await page.getByRole("link", { name: "Actividades" }).click();
  await expect(page.getByRole("heading", { name: "Actividades" })).toBeVisible();
  const rows = page.locator("tbody tr[data-activity-id]");
  await expect(rows.first()).toBeVisible();
  // Only the seller's own: no assignee filter, every row theirs.
  await expect(page.getByLabel("Asignada a")).toHaveCount(0);
  for (const name of await rows.locator("td:nth-child(5)").allInnerTexts()) {
    expect(name).toBe("Valeria Hernández");
  }
  await shot(page, "actividades");
  await page.getByLabel("Cuándo").selectOption("overdue");
  await page.getByRole("button", { name: "Aplicar" }).click();
  await expect(page).toHaveURL(/due=overdue/);
  // Every listed one is marked overdue (how many depends on the hour the
  // demo data was seeded; the integration test counts them exactly).
  const count = await page.locator("tbody tr[data-activity-id]").count();
  await expect(page.locator("tbody tr.overdue")).toHaveCount(count);
  await expect(page.getByLabel("Cuándo")).toHaveValue("overdue");
});

test("a manager filters activities by assignee", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/actividades");
  await page.getByLabel("Asignada a").selectOption({ label: "Luis Ramírez" });
  await page.getByRole("button", { name: "Aplicar" }).click();
  const names = await page.locator("tbody tr[data-activity-id] td:nth-child(5)").allInnerTexts();
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(name).toBe("Luis Ramírez");
});
