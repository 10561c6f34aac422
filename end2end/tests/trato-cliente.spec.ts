import { expect, test } from "./fixtures";
import { hydrated, login, shot } from "./helpers";

test("a seller links a deal to its organization and contact, with priority, source and description", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/clientes");
  const org = (await page.locator("tbody tr[data-organization-id] td a").first().innerText()).trim();

  await page.goto("/crm/tratos?status=open");
  await page.locator("tbody tr td a").first().click();
  await expect(page).toHaveURL(/\/crm\/tratos\/T-\d+$/);
  await hydrated(page);
  await page.getByRole("button", { name: "Editar", exact: true }).click();
  const dialog = page.getByRole("dialog");
  const organization = dialog.getByLabel("Organización (cliente)");
  await organization.fill("");
  // Searched as typed: the account's organizations are offered.
  await organization.pressSequentially(org.slice(0, 5));
  await expect(dialog.locator("#rf-organization-list option").first()).toBeAttached();
  await organization.fill(org);
  await organization.dispatchEvent("change");
  // Its contacts are offered once it is chosen.
  const contact = dialog.getByLabel("Contacto", { exact: true });
  await expect(contact.locator("option")).not.toHaveCount(1);
  const name = (await contact.locator("option").nth(1).innerText()).trim();
  await contact.selectOption({ index: 1 });
  await expect(dialog.locator("[data-hint-for='organization']")).toHaveCount(0);
  await dialog.getByLabel("Prioridad").selectOption("alta");
  await dialog.getByLabel("Origen").fill("WhatsApp");
  await dialog.getByLabel("Descripción").fill("Cotizar 40 licencias con instalación.");
  await shot(page, "trato-cliente-form");
  await dialog.getByRole("button", { name: "Guardar cambios" }).click();
  await page.waitForLoadState("load");
  const facts = page.locator(".facts");
  await expect(facts.getByRole("link", { name: org })).toHaveAttribute("href", /\/clientes\/\d+$/);
  await expect(facts.getByRole("link", { name })).toHaveAttribute("href", /\/contactos\/\d+$/);
  await expect(facts).toContainText("Alta");
  await expect(facts).toContainText("WhatsApp");
  await expect(page.locator(".deal-description")).toContainText("Cotizar 40 licencias");
  await expect(page.locator("[data-history='PriorityChanged']")).toBeVisible();
  await shot(page, "trato-cliente");
});

test("a new deal creates its organization inline", async ({ page }) => {
  const company = `Constructora ${Date.now().toString(36)}`;
  await login(page, "vendedor1@demo.embudo.mx");
  await page.goto("/crm/embudo");
  await hydrated(page);
  await page.getByRole("button", { name: "Nuevo trato" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Título").fill("Nave industrial");
  await dialog.getByLabel("Valor").fill("480,000");
  await dialog.getByLabel("Organización (cliente)").fill(company);
  await expect(dialog.locator("[data-hint-for='organization']")).toContainText(`Se creará el cliente «${company}»`);
  await shot(page, "trato-nuevo-cliente");
  // Saved, the board shows itself afresh.
  const reloaded = page.waitForEvent("framenavigated");
  await dialog.getByRole("button", { name: "Crear trato" }).click();
  await reloaded;
  await hydrated(page);
  await page.goto(`/clientes?q=${encodeURIComponent(company)}`);
  await expect(page.locator("tbody tr[data-organization-id]")).toHaveCount(1);
  await page.locator("tbody tr[data-organization-id] td a").first().click();
  await expect(page.getByRole("heading", { name: "Tratos" })).toBeVisible();
  await expect(page.locator("body")).toContainText("Nave industrial");
});
