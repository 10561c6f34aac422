import { expect, test } from "./fixtures";
import { hydrated, login, shot } from "./helpers";

test("language switches to English and back, remembered for the user", async ({ browser }) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await login(page, "vendedor2@demo.embudo.mx");
  await page.getByRole("button", { name: "Cambiar idioma a inglés" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Pipeline", exact: true })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await shot(page, "resumen-english");
  await first.close();

  // A new browser (no cookies): the choice follows the user from the server.
  const second = await browser.newContext();
  const again = await second.newPage();
  await login(again, "vendedor2@demo.embudo.mx");
  await expect(again.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await again.getByRole("button", { name: "Switch language to Spanish" }).click();
  await expect(again.getByRole("heading", { name: "Resumen", level: 1 })).toBeVisible();
  await again.reload();
  await hydrated(again);
  await expect(again.getByRole("heading", { name: "Resumen", level: 1 })).toBeVisible();
  await second.close();
});

test("a vendedor sees Resumen locked", async ({ page }) => {
  await login(page, "vendedor1@demo.embudo.mx");
  await expect(page.getByRole("heading", { name: "Resumen bloqueado" })).toBeVisible();
  await expect(page.locator("[data-notice='locked']")).toContainText("Tu rol no tiene permiso");
  await shot(page, "resumen-vendedor-locked");
});

test("a vendedor may not see the users of the account", async ({ page }) => {
  await login(page, "vendedor1@demo.embudo.mx");
  await expect(page.getByRole("link", { name: "Usuarios" })).toHaveCount(0);
  await page.goto("/cuenta/usuarios");
  await expect(page.getByRole("heading", { name: "Sin permiso" })).toBeVisible();
  await expect(page.locator(".users-table")).toHaveCount(0);
});

test("an account on plan basico sees the upgrade notice on CRM pages", async ({ page }) => {
  await login(page, "basico@demo.embudo.mx");
  const notice = "El módulo CRM está disponible a partir del plan Estándar.";
  await expect(page.locator("[data-notice='upgrade']")).toContainText(notice);
  await shot(page, "resumen-basico");
  for (const path of ["/crm/embudo", "/crm/tratos", "/clientes", "/actividades"]) {
    await page.goto(path);
    await expect(page.locator("[data-notice='upgrade']")).toContainText(notice);
  }
  await page.getByRole("link", { name: "Ir a Mi cuenta › Mi plan" }).click();
  await expect(page.getByRole("heading", { name: "Mi plan" })).toBeVisible();
  await expect(page.locator("[data-plan='basico']")).toHaveText("Básico");
});

test("admin sees the users and the pipeline's stages", async ({ page }) => {
  await login(page, "admin@demo.embudo.mx");
  await page.getByRole("link", { name: "Usuarios" }).click();
  await expect(page.getByRole("cell", { name: "gerente@demo.embudo.mx" })).toBeVisible();
  for (const email of ["admin", "gerente", "vendedor1", "vendedor2", "vendedor3"]) {
    await expect(page.getByRole("cell", { name: `${email}@demo.embudo.mx`, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("row", { name: /gerente@demo.embudo.mx/ })).toContainText("Gerente");
  await shot(page, "usuarios");
  await page.getByRole("navigation").getByRole("link", { name: "Embudo", exact: true }).click();
  await expect(page.locator("[data-stage-id]")).toHaveCount(5);
  await expect(page.getByRole("heading", { name: "Contacto inicial" })).toBeVisible();
  await shot(page, "embudo");
});

test("the shell works at phone width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, "gerente@demo.embudo.mx");
  await expect(page.getByRole("navigation").getByRole("link", { name: "Embudo", exact: true })).toBeVisible();
  await shot(page, "resumen-phone");
});
