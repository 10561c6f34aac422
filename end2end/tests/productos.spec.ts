import { expect, test } from "./fixtures";
import { hydrated, login, shot } from "./helpers";

test("the admin keeps the catalogue: a product is added, refused when wrong, edited and found", async ({ page }) => {
  const stamp = Date.now().toString(36).toUpperCase();
  const sku = `CAB-${stamp}`;
  await login(page, "admin@demo.embudo.mx");
  await page.getByRole("link", { name: "Productos" }).click();
  await expect(page.getByRole("heading", { name: "Productos" })).toBeVisible();
  const rows = page.locator("tbody tr[data-product-id]");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(16);
  await expect(page.locator("tbody")).toContainText("Laptop 14\" i7 16 GB");
  await expect(page.locator("tbody")).toContainText("$22,999.00");
  await shot(page, "productos");

  await hydrated(page);
  await page.getByRole("button", { name: "Nuevo producto" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("SKU").fill("CON ESPACIO");
  await dialog.getByLabel("Producto", { exact: true }).fill("Cable UTP categoría 6 (bobina 305 m)");
  await dialog.getByLabel("Precio unitario (sin IVA)").fill("2,450.505");
  await dialog.getByLabel("Clave de producto o servicio SAT (8 dígitos)").fill("2612");
  await dialog.getByRole("button", { name: "Guardar" }).click();
  await expect(dialog.locator("[data-error-for='sku']")).toContainText("sin espacios");
  await expect(dialog.locator("[data-error-for='sat_product_key']")).toContainText("8 dígitos");
  await expect(dialog.locator("[data-error-for='unit_price']")).toBeVisible();
  await shot(page, "producto-nuevo-errores");

  // A SKU already in the catalogue (any case) is named.
  await dialog.getByLabel("SKU").fill("lic-erp-01");
  await dialog.getByLabel("Precio unitario (sin IVA)").fill("2,450.50");
  await dialog.getByLabel("Clave de producto o servicio SAT (8 dígitos)").fill("26121600");
  await dialog.getByRole("button", { name: "Guardar" }).click();
  await expect(dialog.locator("[data-error-for='sku']")).toContainText("Ya hay un producto con ese SKU");

  await dialog.getByLabel("SKU").fill(sku);
  await dialog.getByLabel("IVA", { exact: true }).selectOption("8");
  await dialog.getByRole("button", { name: "Guardar" }).click();
  await expect(page).toHaveURL(/\/crm\/productos\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cable UTP categoría 6 (bobina 305 m)");
  const facts = page.locator(".facts");
  await expect(facts).toContainText(sku);
  await expect(facts).toContainText("$2,450.50");
  await expect(facts).toContainText("8 % (región fronteriza)");
  await expect(facts).toContainText("26121600");

  // Edited: the history says what changed.
  await hydrated(page);
  await page.getByRole("button", { name: "Editar", exact: true }).click();
  await dialog.getByLabel("Precio unitario (sin IVA)").fill("2,600");
  await dialog.getByRole("button", { name: "Guardar" }).click();
  await expect(facts).toContainText("$2,600.00");
  await expect(page.locator(".record-history")).toContainText("Precio unitario (sin IVA)");
  await shot(page, "producto");

  // Found by SKU, and listed among the inactive ones only when it is.
  await page.goto("/crm/productos");
  await page.getByLabel("Buscar (SKU o nombre)").fill(sku.toLowerCase());
  await page.getByRole("button", { name: "Aplicar" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Cable UTP");
  await page.goto("/crm/productos?status=inactive");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("descontinuada");
});

test("a seller reads the catalogue but cannot change it", async ({ page }) => {
  await login(page, "vendedor1@demo.embudo.mx");
  await page.goto("/crm/productos");
  await expect(page.locator("tbody tr[data-product-id]").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Nuevo producto" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Importar CSV" })).toHaveCount(0);
  await page.locator("tbody tr[data-product-id] td a").first().click();
  await expect(page.locator(".facts")).toBeVisible();
  await expect(page.getByRole("button", { name: "Editar", exact: true })).toHaveCount(0);
});
