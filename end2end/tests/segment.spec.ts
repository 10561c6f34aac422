import { expect, test } from "./fixtures";
import { hydrated, login, shot } from "./helpers";

/** Today in the demo account's time zone, `YYYY-MM-DD`. */
function today(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Mexico_City" }).format(new Date());
}

test("tags segment the organizations and a filter is saved, used and removed", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const tag = `vip-${stamp}`;
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/clientes");
  await hydrated(page);
  await page.getByRole("button", { name: "Nuevo cliente" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Cliente", { exact: true }).fill(`Etiquetada ${stamp}`);
  await dialog.getByLabel("Etiquetas (separadas por comas)").fill(`${tag}, Norte, ${tag.toUpperCase()}`);
  await dialog.getByRole("button", { name: "Guardar" }).click();
  await expect(page).toHaveURL(/\/clientes\/\d+$/);
  await expect(page.locator(".facts .tag")).toHaveText(["Norte", tag]);

  await page.goto(`/clientes?tag=${tag}`);
  const rows = page.locator("tbody tr[data-organization-id]");
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator(".tag")).toHaveText(["Norte", tag]);
  await expect(page.getByLabel("Etiqueta")).toHaveValue(tag);
  await page.getByPlaceholder("Nombre del filtro").fill(`Mis VIP ${stamp}`);
  await page.getByRole("button", { name: "Guardar este filtro" }).click();
  const saved = page.locator(".saved-filter", { hasText: `Mis VIP ${stamp}` });
  await expect(saved).toBeVisible();
  await shot(page, "clientes-etiquetas");

  await page.goto("/clientes");
  await saved.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`tag=${tag}`));
  await expect(rows).toHaveCount(1);
  await saved.getByRole("button", { name: "Quitar" }).click();
  await expect(saved).toHaveCount(0);
});

test("a due reminder rings the bell until it is dismissed", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const subject = `Recordar propuesta ${stamp}`;
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/actividades");
  await hydrated(page);
  await page.getByRole("button", { name: "Nueva actividad" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Tipo").selectOption("tarea");
  await dialog.getByLabel("Asunto").fill(subject);
  await dialog.getByLabel("Fecha").fill(today());
  await dialog.getByLabel("Hora").fill("00:00");
  await dialog.getByLabel("Recordatorio").selectOption({ label: "A la hora" });
  await dialog.getByRole("button", { name: "Guardar" }).click();
  await expect(page.locator("tr[data-activity-id]", { hasText: subject })).toBeVisible();

  const count = page.getByTestId("bell-count");
  await expect(count).toBeVisible();
  expect(Number(await count.innerText())).toBeGreaterThanOrEqual(1);
  await page.getByRole("button", { name: "Recordatorios" }).or(page.getByLabel("Recordatorios")).first().click();
  const item = page.locator(".bell-item", { hasText: subject });
  await expect(item).toBeVisible();
  await shot(page, "recordatorios");
  await item.getByRole("button", { name: "Descartar" }).click();
  await page.getByLabel("Recordatorios").first().click();
  await expect(page.locator(".bell-item", { hasText: subject })).toHaveCount(0);
});

test("an admin adds, retires and offers again a lost reason; a seller has no Configuración", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const label = `Cambio de proveedor ${stamp}`;
  await login(page, "admin@demo.embudo.mx");
  await page.getByRole("link", { name: "Configuración" }).click();
  await expect(page.getByRole("heading", { name: "Motivos de pérdida" })).toBeVisible();
  await page.getByPlaceholder("Nuevo motivo").fill(label);
  await page.getByRole("button", { name: "Agregar motivo" }).click();
  const row = page.locator(".reasons li").filter({ has: page.locator(`input[value='${label}']`) });
  await expect(row).toHaveCount(1);
  await row.getByLabel("Se ofrece").uncheck();
  await row.getByRole("button", { name: "Guardar" }).click();
  await expect(page.locator(".reasons li.retired").filter({ has: page.locator(`input[value='${label}']`) })).toHaveCount(1);
  await shot(page, "configuracion");
  // Taken (any case): said on the page.
  await page.getByPlaceholder("Nuevo motivo").fill(label.toUpperCase());
  await page.getByRole("button", { name: "Agregar motivo" }).click();
  await expect(page.getByRole("alert")).toContainText("Revisa los campos marcados");

  await page.getByRole("button", { name: "Cerrar sesión" }).click();
  await page.waitForURL("**/login");
  await login(page, "vendedor1@demo.embudo.mx");
  await expect(page.getByRole("link", { name: "Configuración" })).toHaveCount(0);
  await page.goto("/configuracion");
  await expect(page.getByRole("heading", { name: "Configuración" })).toBeVisible();
  await expect(page.locator(".reasons")).toHaveCount(0);
});
