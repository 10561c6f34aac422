import { expect, test } from "./fixtures";
import { hydrated, login, shot } from "./helpers";

test("a seller adds products to a deal, the server prices them and the value follows the subtotal", async ({ page }) => {
  await login(page, "vendedor1@demo.embudo.mx");
  await page.goto("/crm/tratos?status=open");
  // A deal in pesos (its value written with "$").
  await page.locator("tbody tr").filter({ hasText: "$" }).first().locator("td a").first().click();
  await expect(page).toHaveURL(/\/crm\/tratos\/T-\d+$/);
  await hydrated(page);
  const section = page.locator("#productos");
  await expect(section.getByRole("heading", { name: "Productos" })).toBeVisible();
  // Remove what an earlier run left.
  while ((await section.locator("tbody tr").count()) > 0) {
    await section.getByRole("button", { name: "Quitar línea" }).first().click();
  }

  // From the catalogue, searched as typed: name, price and IVA come along.
  const search = section.getByLabel("Agregar del catálogo (SKU o nombre)");
  await search.pressSequentially("Licencia");
  const option = section.locator("#lines-products option").first();
  await expect(option).toBeAttached();
  const label = (await option.getAttribute("value")) ?? "";
  expect(label).toContain("LIC-ERP-01");
  await search.fill(label);
  const first = section.locator("tbody tr").first();
  await expect(first.getByLabel("Producto o descripción")).toHaveValue("Licencia anual de software");
  await first.getByLabel("Cantidad").fill("2");
  // The server's figure: 2 × $18,500.00.
  await expect(first.locator(".line-amount")).toHaveText("$37,000.00");
  await expect(first.locator(".line-sku")).toHaveText("LIC-ERP-01");

  // A free line with a discount at 8 %: 1.5 × $333.33 − 10 % = $450.00.
  await section.getByRole("button", { name: "Agregar línea libre" }).click();
  const second = section.locator("tbody tr").nth(1);
  await second.getByLabel("Producto o descripción").fill("Instalación en sitio");
  await second.getByLabel("Cantidad").fill("1.5");
  await second.getByLabel("Precio unitario").fill("333.33");
  await second.getByLabel("Desc. %").fill("10");
  await second.getByLabel("IVA").selectOption("8");
  await expect(second.locator(".line-amount")).toHaveText("$450.00");
  await expect(section.locator("[data-total='subtotal']")).toHaveText("$37,450.00");
  await expect(section.locator("[data-total='iva']")).toHaveText("$5,956.00");
  await expect(section.locator("[data-total='total']")).toHaveText("$43,406.00");

  // A bad quantity is explained under its field and nothing is priced.
  await second.getByLabel("Cantidad").fill("0");
  await expect(second.getByRole("alert")).toContainText("mayor que 0");
  await second.getByLabel("Cantidad").fill("1.5");
  await expect(second.getByRole("alert")).toHaveCount(0);

  await section.getByLabel("El valor del trato es el subtotal de los productos (antes de IVA)").check();
  await shot(page, "trato-productos-editor");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "trato-productos-telefono");
  await page.setViewportSize({ width: 1280, height: 800 });
  const reloaded = page.waitForEvent("framenavigated");
  await section.getByRole("button", { name: "Guardar productos" }).click();
  await reloaded;
  await hydrated(page);

  // Saved: the lines are there, the value is the subtotal, one event says so.
  await expect(section.locator("tbody tr")).toHaveCount(2);
  await expect(section).toContainText("El valor del trato se calcula de sus productos");
  await expect(page.locator(".facts")).toContainText("$37,450.00");
  await expect(page.locator("[data-history='LinesChanged']").last()).toContainText("2 · subtotal $37,450.00 · total $43,406.00");
  // The deal form may not type another value now.
  await page.getByRole("button", { name: "Editar", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Valor").fill("1");
  await dialog.getByRole("button", { name: "Guardar cambios" }).click();
  await expect(dialog.locator("[data-error-for='value']")).toContainText("sigue a los productos");
  await shot(page, "trato-productos");
});
