import { expect, test } from "./fixtures";
import { hydrated, login, shot } from "./helpers";

test("organizations are searched, filtered and opened with their contacts and deals", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  await page.getByRole("link", { name: "Clientes" }).click();
  await expect(page.getByRole("heading", { name: "Clientes" })).toBeVisible();
  const rows = page.locator("tbody tr[data-organization-id]");
  await expect(rows).toHaveCount(50);
  const total = Number(await page.locator("[data-total]").getAttribute("data-total"));
  expect(total).toBeGreaterThanOrEqual(60);
  await shot(page, "clientes");

  // Search by the first organization's name; the query string keeps it.
  const first = (await rows.first().locator("td a").innerText()).trim();
  await page.getByLabel("Buscar (nombre o RFC)").fill(first);
  await page.getByRole("button", { name: "Aplicar" }).click();
  await expect(page).toHaveURL(/\/clientes\?q=/);
  await expect(rows.first()).toContainText(first);

  // Only customers.
  await page.goto("/clientes?lifecycle=cliente");
  const customers = page.locator("tbody tr[data-organization-id]");
  await expect(customers.first()).toContainText("Cliente");
  for (const text of await customers.locator("td:nth-child(4)").allInnerTexts()) {
    expect(text).toBe("Cliente");
  }

  // One organization with its contacts and deals.
  await page.goto("/clientes");
  await rows.first().locator("td a").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(first);
  await expect(page.getByRole("heading", { name: "Contactos" })).toBeVisible();
  await expect(page.locator(".contact-list li").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Tratos" })).toBeVisible();
  await shot(page, "cliente");

  // A wrong filter is named, not a crash.
  await page.goto("/clientes?lifecycle=amigo");
  await expect(page.getByRole("alert")).toContainText("Revisa los campos marcados");
  await expect(page.getByRole("alert")).toContainText("Etapa del cliente: Este valor no es válido.");
});

test("contacts are searched and opened, linked to their organization", async ({ page }) => {
  await login(page, "vendedor1@demo.embudo.mx");
  await page.getByRole("link", { name: "Contactos" }).click();
  await expect(page.getByRole("heading", { name: "Contactos" })).toBeVisible();
  const rows = page.locator("tbody tr[data-contact-id]");
  await expect(rows).toHaveCount(50);
  const email = (await rows.first().locator("td:nth-child(3)").innerText()).split("\n")[0].trim();
  await page.getByLabel("Buscar (nombre o correo)").fill(email);
  await page.getByRole("button", { name: "Aplicar" }).click();
  await expect(rows).toHaveCount(1);
  await rows.first().locator("td a").first().click();
  await expect(page.locator(".facts")).toContainText(email);
  await shot(page, "contacto");
  await page.locator(".facts a").click();
  await expect(page.getByRole("heading", { name: "Contactos" })).toBeVisible();
});

test("an organization's fiscal data is checked against the SAT catalogues and shown", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/clientes");
  await page.locator("tbody tr[data-organization-id]").first().locator("td a").click();
  await expect(page).toHaveURL(/\/clientes\/\d+$/);
  await hydrated(page);
  await page.getByRole("button", { name: "Editar", exact: true }).click();
  const dialog = page.getByRole("dialog");
  // The demo's companies have a 12-character RFC: a persona física's
  // régimen, and a personal deduction, are refused under their fields.
  await dialog.getByLabel("Régimen fiscal").selectOption("612");
  await dialog.getByLabel("Uso de CFDI habitual").selectOption("D01");
  await dialog.getByLabel("Código postal fiscal").fill("6600");
  await dialog.getByRole("button", { name: "Guardar" }).click();
  await expect(dialog.locator("[data-error-for='tax_system']")).toContainText("tipo de persona del RFC");
  await expect(dialog.locator("[data-error-for='cfdi_use']")).toContainText("solo para personas físicas");
  await expect(dialog.locator("[data-error-for='tax_zip']")).toContainText("5 dígitos");
  await shot(page, "cliente-fiscal-errores");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "cliente-fiscal-telefono");
  await page.setViewportSize({ width: 1280, height: 800 });
  await dialog.getByLabel("Razón social").fill("Papelera del Centro");
  await dialog.getByLabel("Régimen fiscal").selectOption("601");
  await dialog.getByLabel("Uso de CFDI habitual").selectOption("G01");
  await dialog.getByLabel("Código postal fiscal").fill("06600");
  await dialog.getByRole("button", { name: "Guardar" }).click();
  const facts = page.locator(".facts");
  await expect(facts).toContainText("601 · General de Ley Personas Morales");
  await expect(facts).toContainText("G01 · Adquisición de mercancías");
  await expect(facts).toContainText("Papelera del Centro");
  await expect(facts).toContainText("México (RFC)");
  await shot(page, "cliente-fiscal");
});
