import { expect, test } from "./fixtures";
import { hydrated, login, shot } from "./helpers";

test("a seller quotes a deal: a draft from its products, edited, sent (frozen), accepted by the customer through the link, then its nota de venta", async ({ page, browser }) => {
  // "Enviar" and "Cancelar" ask first.
  page.on("dialog", (d) => d.accept());
  await login(page, "vendedor1@demo.embudo.mx");
  await page.goto("/crm/tratos?status=open");
  await page.locator("tbody tr").filter({ hasText: "$" }).nth(1).locator("td a").first().click();
  await expect(page).toHaveURL(/\/crm\/tratos\/T-\d+$/);
  const dealUrl = page.url();
  await hydrated(page);

  // The deal gets a product, saved.
  const section = page.locator("#productos");
  const search = section.getByLabel("Agregar del catálogo (SKU o nombre)");
  await search.pressSequentially("Licencia");
  const option = section.locator("#lines-products option").first();
  await expect(option).toBeAttached();
  await search.fill((await option.getAttribute("value")) ?? "");
  const line = section.locator("tbody tr").last();
  await expect(line.getByLabel("Producto o descripción")).toHaveValue("Licencia anual de software");
  await expect(section.locator("[data-total='total']")).not.toHaveText("$0.00");
  const reloaded = page.waitForEvent("framenavigated");
  await section.getByRole("button", { name: "Guardar productos" }).click();
  await reloaded;
  await hydrated(page);
  const dealTotal = (await section.locator("[data-total='total']").textContent()) ?? "";

  // A new quote: a draft with the deal's lines and total.
  await page.locator("#cotizaciones").getByRole("button", { name: "Nueva cotización" }).click();
  await expect(page).toHaveURL(/\/crm\/cotizaciones\/\d+$/);
  await hydrated(page);
  const heading = page.locator("h1[data-folio]");
  await expect(heading).toContainText(/COT-\d{6}/);
  const folio = (await heading.getAttribute("data-folio")) ?? "";
  await expect(heading.locator("[data-state='draft']")).toHaveText("Borrador");
  const lines = page.locator("#productos");
  await expect(lines.locator("[data-total='total']")).toHaveText(dealTotal);

  // Its own lines: one more, priced by the server and saved.
  const copied = await lines.locator("tbody tr").count();
  expect(copied).toBeGreaterThan(0);
  await lines.getByRole("button", { name: "Agregar línea libre" }).click();
  const free = lines.locator("tbody tr").last();
  await free.getByLabel("Producto o descripción").fill("Capacitación de usuarios");
  await free.getByLabel("Precio unitario").fill("2500");
  await expect(free.locator(".line-amount")).toHaveText("$2,500.00");
  await shot(page, "cotizacion-borrador");
  const saved = page.waitForEvent("framenavigated");
  await lines.getByRole("button", { name: "Guardar productos" }).click();
  await saved;
  await hydrated(page);
  await expect(lines.locator("tbody tr")).toHaveCount(copied + 1);

  // Notes and terms through the form.
  await page.getByRole("button", { name: "Editar", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Notas").fill("Precios sujetos a existencia.");
  await dialog.getByLabel("Términos y condiciones").fill("50 % de anticipo, saldo contra entrega.");
  await dialog.getByRole("button", { name: "Guardar", exact: true }).click();
  await expect(page.locator(".panel").filter({ hasText: "Términos y condiciones" })).toContainText("50 % de anticipo");
  const total = (await lines.locator("[data-total='total']").textContent()) ?? "";

  // Sent: frozen, no editor any more. With a mail relay (the test script
  // runs an SMTP sink) it is mailed to the deal's contact, link and PDF.
  const maildir = process.env.EMBUDO_TEST_MAILDIR;
  const byMail = page.getByRole("button", { name: /^Enviar por correo a / });
  if (maildir) {
    await expect(byMail).toBeVisible();
    await expect(page.getByRole("button", { name: "Enviar sin correo" })).toBeVisible();
    await shot(page, "cotizacion-enviar-por-correo");
    await byMail.click();
  } else {
    await page.getByRole("button", { name: "Enviar", exact: true }).click();
  }
  await expect(heading.locator("[data-state='sent']")).toHaveText("Enviada");
  await expect(page.locator(".quote-note")).toContainText("ya no cambian");
  await expect(lines.getByRole("button", { name: "Guardar productos" })).toHaveCount(0);
  await expect(lines.locator("[data-total='total']")).toHaveText(total);
  await shot(page, "cotizacion-enviada");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "cotizacion-telefono");
  await page.setViewportSize({ width: 1280, height: 800 });

  // The customer opens the link in their own browser, with no session,
  // downloads the PDF and accepts.
  const link = (await page.locator("[data-public-link]").inputValue()) ?? "";
  expect(link).toMatch(/\/q\/[A-Za-z0-9_-]{43}$/);
  if (maildir) {
    // The mail worker delivers it: the page says so, the sink has it.
    await expect
      .poll(async () => {
        await page.reload();
        return page.locator("[data-mail-state]").getAttribute("data-mail-state");
      }, { timeout: 15_000 })
      .toBe("sent");
    await expect(page.locator("[data-mail-state='sent']")).toContainText("Enviada por correo a ");
    await shot(page, "cotizacion-enviada-por-correo");
    const fs = await import("node:fs");
    const received = fs
      .readdirSync(`${maildir}/new`)
      .map((f) => fs.readFileSync(`${maildir}/new/${f}`, "utf8").replace(/=\r?\n/g, ""));
    const mail = received.find((m) => m.includes(link));
    expect(mail, "the mail with the link").toBeTruthy();
    expect(mail).toContain(`filename="${folio}.pdf"`);
    expect(mail).toContain("X-MailFrom: cotizaciones@embudo.test");
  }
  await expect(page.getByRole("link", { name: "Enviar por WhatsApp" })).toHaveAttribute("href", /^https:\/\/wa\.me\/\?text=/);
  const customer = await browser.newContext();
  const theirs = await customer.newPage();
  await theirs.goto(link);
  await expect(theirs.locator("h1[data-folio]")).toContainText(folio);
  await expect(theirs.locator("[data-total='total']")).toHaveText(total);
  await expect(theirs.getByRole("link", { name: "Cerrar sesión" })).toHaveCount(0);
  await shot(theirs, "cotizacion-cliente");
  await theirs.setViewportSize({ width: 390, height: 844 });
  await shot(theirs, "cotizacion-cliente-telefono");
  await theirs.setViewportSize({ width: 1280, height: 800 });
  const download = theirs.waitForEvent("download");
  await theirs.getByRole("link", { name: "Descargar PDF" }).click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toBe(`${folio}.pdf`);
  await pdf.saveAs(`${process.env.EMBUDO_SCREENSHOTS ?? "screenshots"}/${folio}.pdf`);
  await theirs.getByLabel("Tu nombre").fill("Mónica Reyes");
  await theirs.getByLabel("Comentario (opcional)").fill("Adelante, ¿cuándo instalan?");
  await theirs.getByRole("button", { name: "Aceptar cotización" }).click();
  await expect(theirs.locator("h1 [data-state='accepted']")).toHaveText("Aceptada");
  await expect(theirs.locator(".public-status")).toContainText("Mónica Reyes");
  await expect(theirs.getByRole("button", { name: "Aceptar cotización" })).toHaveCount(0);
  await shot(theirs, "cotizacion-cliente-aceptada");
  await customer.close();

  // The seller sees it accepted.
  await page.reload();
  await expect(heading.locator("[data-state='accepted']")).toHaveText("Aceptada");
  await expect(page.locator(".facts").last()).toContainText("Mónica Reyes");

  // The nota de venta of the accepted quote, and its PDF.
  await page.getByRole("button", { name: "Crear nota de venta" }).click();
  await expect(page).toHaveURL(/\/crm\/notas\/\d+$/);
  const note = page.locator("h1[data-folio]");
  await expect(note).toContainText(/NV-\d{6}/);
  const noteFolio = (await note.getAttribute("data-folio")) ?? "";
  await expect(page.locator("[data-total='total']")).toHaveText(total);
  const notePdf = page.waitForEvent("download");
  await page.getByRole("link", { name: "Descargar PDF" }).click();
  const noteFile = await notePdf;
  expect(noteFile.suggestedFilename()).toBe(`${noteFolio}.pdf`);
  await noteFile.saveAs(`${process.env.EMBUDO_SCREENSHOTS ?? "screenshots"}/${noteFolio}.pdf`);
  // Its invoicing: what is missing, then how it is paid.
  const billing = page.locator("#facturacion");
  await expect(billing.locator("[data-missing='payment_form']")).toContainText("Forma de pago: falta.");
  await hydrated(page);
  await billing.getByRole("button", { name: "Datos de pago" }).click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Forma de pago").selectOption("03");
  await form.getByLabel("Método de pago").selectOption("PPD");
  await form.getByRole("button", { name: "Guardar", exact: true }).click();
  await expect(form.locator("[data-error-for='payment_form']")).toBeVisible();
  await form.getByLabel("Método de pago").selectOption("PUE");
  await form.getByRole("button", { name: "Guardar", exact: true }).click();
  await expect(billing.locator(".facts")).toContainText("03 · Transferencia electrónica de fondos");
  await expect(billing.locator("[data-missing='payment_form']")).toHaveCount(0);
  await shot(page, "nota-de-venta");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "nota-de-venta-telefono");
  await page.setViewportSize({ width: 1280, height: 800 });

  // The deal lists it, and its history tells it.
  await page.goto(dealUrl);
  const row = page.locator("#cotizaciones tr[data-quote-id]").filter({ hasText: folio });
  await expect(row.locator("[data-state='accepted']")).toHaveText("Aceptada");
  await expect(row).toContainText(total);
  await expect(page.locator("[data-history='QuoteAccepted']").last()).toContainText(`${folio} · ${total} · Mónica Reyes`);
  await expect(page.locator("#cotizaciones tr").filter({ hasText: noteFolio })).toContainText(folio);
  await shot(page, "trato-cotizaciones");

  // And so does the account's list, filtered by state.
  await page.goto("/crm/cotizaciones?state=accepted");
  await expect(page.locator("tbody tr").filter({ hasText: folio })).toHaveCount(1);
  await shot(page, "cotizaciones");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "cotizaciones-telefono");
});
