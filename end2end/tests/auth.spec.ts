import { expect, test } from "./fixtures";
import { hydrated, login, shot } from "./helpers";

test("the login page is in Spanish even for an English browser", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Iniciar sesión" })).toBeVisible();
  await expect(page.getByLabel("Correo electrónico")).toBeVisible();
  await expect(page.getByLabel("Contraseña")).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await shot(page, "login");
});

for (const [what, email] of [
  ["a wrong password", "gerente@demo.embudo.mx"],
  ["an unknown email", "nadie@demo.embudo.mx"],
]) {
  test(`${what} is refused with the same clear message`, async ({ page }) => {
    await page.goto("/login");
    await hydrated(page);
    await page.getByLabel("Correo electrónico").fill(email);
    await page.getByLabel("Contraseña").fill("not-the-password");
    await page.getByRole("button", { name: "Iniciar sesión" }).click();
    await expect(page.getByRole("alert")).toHaveText("Correo electrónico o contraseña incorrectos.");
    await expect(page).toHaveURL(/\/login$/);
    await shot(page, `login-error-${email.split("@")[0]}`);
  });
}

test("gerente signs in to a Spanish shell, then signs out", async ({ page, context }) => {
  await login(page, "gerente@demo.embudo.mx");
  await expect(page.getByRole("heading", { name: "Resumen", level: 1 })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Menú principal" });
  for (const item of ["Resumen", "Embudo", "Tratos", "Clientes", "Contactos", "Actividades", "Mi plan", "Tokens"]) {
    await expect(nav.getByRole("link", { name: item, exact: true })).toBeVisible();
  }
  // Users, Configuración and the bitácora are for admins.
  for (const item of ["Usuarios", "Configuración", "Bitácora"]) {
    await expect(nav.getByRole("link", { name: item, exact: true })).toHaveCount(0);
  }
  await expect(page.locator(".topbar").getByText("Gerardo Treviño")).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name === "embudo_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  await shot(page, "resumen-gerente");

  await page.getByRole("button", { name: "Cerrar sesión" }).click();
  await page.waitForURL("**/login");
  expect((await context.cookies()).find((c) => c.name === "embudo_session" && c.value !== "")).toBeUndefined();
  await page.goto("/crm/resumen");
  await expect(page).toHaveURL(/\/login$/);
});

test("a signed-out visitor is sent to the login page", async ({ page }) => {
  await page.goto("/cuenta/usuarios");
  await expect(page).toHaveURL(/\/login$/);
});

test("unknown pages answer 404 with a Spanish page", async ({ page }) => {
  const res = await page.goto("/no-existe");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Página no encontrada" })).toBeVisible();
});
