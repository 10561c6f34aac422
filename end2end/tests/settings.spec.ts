import { expect, test } from "./fixtures";
import { hydrated, login, PASSWORD, shot } from "./helpers";

test("an admin builds a pipeline and deletes a stage by moving its deal", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const name = `Renovaciones ${stamp}`;
  page.on("dialog", (d) => d.accept());
  await login(page, "admin@demo.embudo.mx");
  await page.goto("/configuracion");
  await expect(page.getByRole("heading", { name: "Embudos y etapas" })).toBeVisible();
  await page.getByPlaceholder("Nuevo embudo").fill(name);
  await page.getByRole("button", { name: "Agregar embudo" }).click();
  const card = page.locator(".pipeline-card").filter({ has: page.locator(`input[value='${name}']`) });
  await expect(card.locator(".stage-row")).toHaveCount(5);

  // A stage added at the end, the first one renamed, the new one moved up.
  const add = card.locator(".stage-new");
  await add.getByPlaceholder("Nueva etapa").fill("Cierre técnico");
  await add.getByLabel("Probabilidad de ganar (%)").fill("90");
  await add.getByRole("button", { name: "Agregar etapa" }).click();
  await expect(card.locator(".stage-row")).toHaveCount(6);
  await expect(card.locator(".stage-row").nth(5).getByLabel("Nombre de la etapa")).toHaveValue("Cierre técnico");
  const first = card.locator(".stage-row").nth(0);
  await first.getByLabel("Nombre de la etapa").fill("Primer contacto");
  await first.getByLabel("Probabilidad de ganar (%)").fill("15");
  await first.getByRole("button", { name: "Guardar" }).click();
  await expect(card.locator(".stage-row").nth(0).getByLabel("Nombre de la etapa")).toHaveValue("Primer contacto");
  await expect(card.locator(".stage-row").nth(0).getByLabel("Probabilidad de ganar (%)")).toHaveValue("15");
  await card.locator(".stage-row").nth(5).getByRole("button", { name: "Subir etapa" }).click();
  await expect(card.locator(".stage-row").nth(4).getByLabel("Nombre de la etapa")).toHaveValue("Cierre técnico");

  // A taken name is said, with the field.
  await page.getByPlaceholder("Nuevo embudo").fill(name.toUpperCase());
  await page.getByRole("button", { name: "Agregar embudo" }).click();
  await expect(page.getByRole("alert")).toContainText("Ya hay un embudo con ese nombre.");

  // A deal in its first stage, from the board of that pipeline.
  const id = await card.getAttribute("data-pipeline-id");
  await page.goto(`/crm/embudo?pipeline=${id}`);
  await hydrated(page);
  await page.getByRole("button", { name: "Nuevo trato" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Título").fill(`Renovación ${stamp}`);
  await dialog.getByLabel("Valor").fill("1000");
  await dialog.getByRole("button", { name: "Crear trato" }).click();
  await expect(page.locator("[data-stage-id]").first()).toContainText(`Renovación ${stamp}`);

  // Its stage is deleted by moving the deal to Calificado.
  await page.goto("/configuracion");
  const row = card.locator(".stage-row").nth(0);
  await expect(row.locator(".stage-deals")).toHaveText("1 tratos");
  await row.getByLabel("Mover sus tratos a…").selectOption({ label: "Calificado" });
  await shot(page, "configuracion-embudos");
  await row.getByRole("button", { name: "Eliminar" }).click();
  await expect(card.locator(".stage-row")).toHaveCount(5);
  await expect(card.locator(".stage-row").nth(0).getByLabel("Nombre de la etapa")).toHaveValue("Calificado");
  await expect(card.locator(".stage-row").nth(0).locator(".stage-deals")).toHaveText("1 tratos");

  // A pipeline with deals stays.
  await card.getByRole("button", { name: "Eliminar embudo" }).click();
  await expect(page.getByRole("alert")).toContainText("Este embudo tiene tratos");
  await expect(card).toHaveCount(1);
});

test("an admin creates a user and a role, deactivates the user, and reads it in the bitácora", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const user = `Prueba ${stamp}`;
  const email = `prueba.${stamp}@demo.embudo.mx`;
  const role = `Coordinación ${stamp}`;
  page.on("dialog", (d) => d.accept());
  await login(page, "admin@demo.embudo.mx");
  await page.getByRole("link", { name: "Usuarios" }).click();
  await expect(page.getByRole("heading", { name: "Nuevo usuario" })).toBeVisible();
  const form = page.locator("form[action='/api/create_user']");
  await form.getByLabel("Nombre").fill(user);
  await form.getByLabel("Correo electrónico").fill(email);
  await form.getByLabel("Contraseña inicial").fill(PASSWORD);
  await form.getByLabel("Rol").selectOption({ label: "Vendedor" });
  await form.getByRole("button", { name: "Crear usuario" }).click();
  const userRow = page.locator(".users-table tr", { hasText: email });
  await expect(userRow).toContainText("Activo");

  // A role with two permissions, given to the user.
  const newRole = page.locator(".role-card").last();
  await newRole.getByPlaceholder("Nuevo rol").fill(role);
  await newRole.getByLabel("Ver el Resumen (tablero)").check();
  await newRole.getByLabel("Ver todos los tratos").check();
  await newRole.getByRole("button", { name: "Crear rol" }).click();
  const roleCard = page.locator(`.role-card[data-role='${role}']`);
  await expect(roleCard.getByLabel("Ver el Resumen (tablero)")).toBeChecked();
  await expect(roleCard.getByLabel("Administrar usuarios y roles")).not.toBeChecked();
  await userRow.getByLabel("Rol").selectOption({ label: role });
  await userRow.getByRole("button", { name: "Cambiar rol" }).click();
  await expect(userRow.getByLabel("Rol")).toHaveValue(await roleCard.locator("input[name='id']").getAttribute("value") ?? "");
  await expect(roleCard).toContainText("1 usuarios");

  // A forgotten password is reset from the list.
  await userRow.getByText("Restablecer contraseña").click();
  await userRow.getByPlaceholder("Nueva contraseña").fill("otra-clave-segura");
  await userRow.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("alert")).toHaveCount(0);

  // Deactivated: shown so, and the user can no longer sign in.
  await userRow.getByRole("button", { name: "Desactivar" }).click();
  await expect(userRow).toContainText("Inactivo");
  await expect(userRow.getByRole("button", { name: "Reactivar" })).toBeVisible();
  await shot(page, "usuarios-roles");

  // The bitácora tells it, filtered to users.
  await page.getByRole("link", { name: "Bitácora" }).click();
  await expect(page.getByRole("heading", { name: "Bitácora" })).toBeVisible();
  await page.getByLabel("Qué").selectOption({ label: "Usuario" });
  await page.getByRole("button", { name: "Filtrar" }).click();
  await expect(page).toHaveURL(/entity=user/);
  const rows = page.locator("table.bitacora tbody tr");
  await expect(rows.first()).toContainText("Desactivado");
  await expect(rows.first()).toContainText(user);
  await expect(rows.nth(1)).toContainText("Contraseña restablecida");
  await expect(page.locator("table.bitacora tbody tr:not([data-entity='user'])")).toHaveCount(0);
  await shot(page, "bitacora");

  await page.getByRole("button", { name: "Cerrar sesión" }).click();
  await page.waitForURL("**/login");
  await hydrated(page);
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña").fill("otra-clave-segura");
  await page.getByRole("button", { name: "Iniciar sesión" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("the account's currency is kept while it has deals; a seller sees no admin pages", async ({ page }) => {
  await login(page, "admin@demo.embudo.mx");
  await page.goto("/cuenta/plan");
  await expect(page.getByRole("heading", { name: "Datos de la cuenta" })).toBeVisible();
  await page.getByLabel("Moneda").selectOption("USD");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("alert")).toContainText("no puede cambiarse");
  await expect(page.getByLabel("Moneda")).toHaveValue("MXN");
  await shot(page, "cuenta-plan");

  await page.getByRole("button", { name: "Cerrar sesión" }).click();
  await page.waitForURL("**/login");
  await login(page, "vendedor1@demo.embudo.mx");
  await expect(page.getByRole("link", { name: "Usuarios" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Bitácora" })).toHaveCount(0);
  await page.goto("/cuenta/bitacora");
  await expect(page.locator("table.bitacora")).toHaveCount(0);
  await page.goto("/cuenta/plan");
  await expect(page.getByRole("heading", { name: "Datos de la cuenta" })).toHaveCount(0);
});

test("anyone changes their own password, given the current one", async ({ page }) => {
  await login(page, "vendedor2@demo.embudo.mx");
  await page.getByRole("link", { name: "Contraseña" }).click();
  await expect(page.getByRole("heading", { name: "Cambiar contraseña" })).toBeVisible();
  const change = async (current: string, next: string) => {
    await page.getByLabel("Contraseña actual").fill(current);
    await page.getByLabel("Nueva contraseña").fill(next);
    await page.getByRole("button", { name: "Cambiar contraseña" }).click();
  };
  await change("no-es-la-mia", "nueva-clave-larga");
  await expect(page.getByRole("alert")).toContainText("No es tu contraseña actual.");
  await change(PASSWORD, "nueva-clave-larga");
  await expect(page.getByRole("status")).toContainText("Tu contraseña se cambió.");
  await shot(page, "contrasena");
  // And back, for the other tests.
  await change("nueva-clave-larga", PASSWORD);
  await expect(page.getByRole("status")).toContainText("Tu contraseña se cambió.");
});
