import { expect, test } from "./fixtures";
import { hydrated, login, shot } from "./helpers";

const HEADER =
  "key,title,value,currency,pipeline,stage,status,owner_email,organization,contact_email,created_at,won_at,lost_at,lost_reason,expected_close_date";

function file(rows: string[]) {
  return { name: "tratos.csv", mimeType: "text/csv", buffer: Buffer.from([HEADER, ...rows].join("\n") + "\n") };
}

test("a manager previews, checks and imports deals; bad rows are listed by line", async ({ page }) => {
  await login(page, "gerente@demo.embudo.mx");
  await page.goto("/crm/importar");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Importar datos" })).toBeVisible();

  // A file with mistakes: every one named by line, nothing saved.
  await page.getByLabel("Archivo CSV").setInputFiles(
    file([
      ",Póliza anual,1500,,,Contacto inicial,open,vendedor1@demo.embudo.mx,Importadora Azul,,2026-02-03,,,,",
      ",Sin etapa,10,,,Negociación final,open,vendedor1@demo.embudo.mx,,,2026-02-03,,,,",
      ",Perdido sin motivo,10,,,Calificado,lost,nadie@otro.mx,,,2026-02-03,,2026-03-01,,",
    ]),
  );
  await expect(page.getByTestId("import-preview")).toContainText("Póliza anual");
  await page.getByRole("button", { name: "Importar" }).click();
  const errors = page.getByTestId("import-errors");
  await expect(errors).toContainText("3 problemas en el archivo; no se guardó nada");
  await expect(errors.locator("tbody tr")).toHaveCount(3);
  await expect(errors.locator("tbody tr").nth(0)).toContainText("3");
  await expect(errors.locator("tbody tr").nth(0)).toContainText("No existe en la cuenta");
  await expect(errors.locator("tbody tr").nth(2)).toContainText("Es obligatorio para ese status");
  await shot(page, "importar-errores");

  // A good file: checked first, then imported with its history.
  const title = `Importado ${Date.now()}`;
  await page.getByLabel("Archivo CSV").setInputFiles(
    file([
      `,${title},"2,500.00",,,Calificado,open,vendedor1@demo.embudo.mx,Importadora Azul,,2026-02-03,,,,2026-12-15`,
      `,${title} ganado,980.10,,,Propuesta enviada,won,vendedor2@demo.embudo.mx,Importadora Azul,,2026-01-10T09:30:00-06:00,2026-02-20,,,`,
    ]),
  );
  await expect(page.getByTestId("import-preview").locator("tbody tr")).toHaveCount(2);
  await page.getByRole("button", { name: "Revisar sin guardar" }).click();
  await expect(page.getByTestId("import-result")).toContainText("El archivo está listo: 2 filas sin errores.");
  await page.getByRole("button", { name: "Importar" }).click();
  await expect(page.getByTestId("import-result")).toContainText("Listo: se importaron 2 filas. Tratos nuevos: 2;");
  await shot(page, "importar-listo");
  const res = await page.request.get("/api/v1/deals?status=won&limit=200&owner_id=" + (await ownerId(page, "vendedor2@demo.embudo.mx")));
  expect(res.status()).toBe(200);
  const body = await res.json();
  let found = body.items.find((d: { title: string }) => d.title === `${title} ganado`);
  let next = body.next;
  while (!found && next) {
    const more = await (await page.request.get(`/api/v1/deals?status=won&limit=200&cursor=${next}`)).json();
    found = more.items.find((d: { title: string }) => d.title === `${title} ganado`);
    next = more.next;
  }
  expect(found.value).toBe("980.10");
  expect(found.won_at).toBe("2026-02-20T06:00:00.000Z");
});

async function ownerId(page: import("@playwright/test").Page, email: string) {
  const users = await (await page.request.get("/api/v1/users")).json();
  return users.items.find((u: { email: string }) => u.email === email).id;
}

test("organizations and contacts import from the same page", async ({ page }) => {
  await login(page, "admin@demo.embudo.mx");
  await page.goto("/crm/importar");
  await hydrated(page);
  const stamp = Date.now();
  await page.getByLabel("Qué vas a importar").selectOption("contacts");
  await page.getByLabel("Archivo CSV").setInputFiles({
    name: "contactos.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      `name,organization,job_title,email,phone,lifecycle,owner_email\nMarta Ruiz,Ferretería ${stamp},Compras,marta${stamp}@ferre.mx,+52 33 1234 5678,cliente,\n`,
    ),
  });
  await page.getByRole("button", { name: "Importar" }).click();
  await expect(page.getByTestId("import-result")).toContainText("contactos nuevos: 1");
  await expect(page.getByTestId("import-result")).toContainText("clientes nuevos: 1");
  const found = await (await page.request.get(`/api/v1/contacts?q=marta${stamp}`)).json();
  expect(found.items[0].name).toBe("Marta Ruiz");
});

test("a seller may not import", async ({ page }) => {
  await login(page, "vendedor3@demo.embudo.mx");
  await page.goto("/crm/importar");
  await expect(page.getByRole("alert")).toContainText("Tu rol no tiene permiso");
  await expect(page.getByRole("link", { name: "Importar" })).toHaveCount(0);
});

test("the API docs page works without signing in", async ({ page }) => {
  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { name: "Documentación de la API" })).toBeVisible();
  await expect(page.locator("#post_deals__id__move")).toContainText("/api/v1/deals/{id}/move");
  await expect(page.locator("#schema-Deal")).toContainText("lost_reason");
  const dir = process.env.EMBUDO_SCREENSHOTS ?? "screenshots";
  await page.screenshot({ path: `${dir}/api-docs.png`, clip: { x: 0, y: 0, width: 1280, height: 1600 } });
  const doc = await (await page.request.get("/api/v1/openapi.json")).json();
  expect(doc.paths["/deals/{id}/move"].post.requestBody.content["application/json"].schema.$ref).toBe(
    "#/components/schemas/DealMove",
  );
});
