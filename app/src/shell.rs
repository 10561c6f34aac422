//! The HTML document and the router.
use crate::components::layout::AppLayout;
use crate::i18n::*;
use crate::pages::{
    account::{PasswordPage, PlanPage, UsersPage},
    actividades::ActividadesPage,
    api_docs::ApiDocsPage,
    bitacora::BitacoraPage,
    calendario::CalendarioPage,
    clientes::{ClientePage, ClientesPage},
    configuracion::ConfiguracionPage,
    contactos::{ContactoPage, ContactosPage},
    cotizaciones::{CotizacionPage, CotizacionesPage},
    deal::DealPageView,
    deals::DealsPage,
    embudo::EmbudoPage,
    import::ImportPage,
    login::LoginPage,
    not_found::NotFoundPage,
    notas::NotaPage,
    productos::{ProductoPage, ProductosPage},
    public_quote::PublicQuotePage,
    resumen::ResumenPage,
    tokens::TokensPage,
    webhooks::WebhooksPage,
};
use leptos::prelude::*;
use leptos_i18n::context::UseLocalesOptions;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

/// The whole HTML document rendered by the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options=options.clone() islands=true />
                <HashedStylesheet options id="leptos" />
                <script src="/confirm.js" defer></script>
                <link rel="icon" href="/favicon.ico" />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Root component: translations, metadata and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Spanish unless the user chose otherwise (the cookie the server sets at
    // login and when the language is switched); the browser's Accept-Language
    // is deliberately ignored.
    let no_accept_language = UseLocalesOptions::default().ssr_lang_header_getter(|| None);
    view! {
        <I18nContextProvider ssr_lang_header_getter=no_accept_language>
            <Title text="Embudo CRM" />
            <Router>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path="/crm/resumen" /> } />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/api/docs") view=ApiDocsPage />
                    <Route path=path!("/q/:token") view=PublicQuotePage ssr=SsrMode::Async />
                    <ParentRoute path=path!("") view=AppLayout ssr=SsrMode::Async>
                        <Route path=path!("/crm/resumen") view=ResumenPage />
                        <Route path=path!("/crm/embudo") view=EmbudoPage />
                        <Route path=path!("/crm/tratos") view=DealsPage />
                        <Route path=path!("/crm/tratos/:key") view=DealPageView />
                        <Route path=path!("/crm/productos") view=ProductosPage />
                        <Route path=path!("/crm/productos/:id") view=ProductoPage />
                        <Route path=path!("/crm/cotizaciones") view=CotizacionesPage />
                        <Route path=path!("/crm/cotizaciones/:id") view=CotizacionPage />
                        <Route path=path!("/crm/notas/:id") view=NotaPage />
                        <Route path=path!("/crm/importar") view=ImportPage />
                        <Route path=path!("/clientes") view=ClientesPage />
                        <Route path=path!("/clientes/:id") view=ClientePage />
                        <Route path=path!("/contactos") view=ContactosPage />
                        <Route path=path!("/contactos/:id") view=ContactoPage />
                        <Route path=path!("/actividades") view=ActividadesPage />
                        <Route path=path!("/actividades/calendario") view=CalendarioPage />
                        <Route path=path!("/cuenta/plan") view=PlanPage />
                        <Route path=path!("/configuracion") view=ConfiguracionPage />
                        <Route path=path!("/cuenta/usuarios") view=UsersPage />
                        <Route path=path!("/cuenta/tokens") view=TokensPage />
                        <Route path=path!("/cuenta/webhooks") view=WebhooksPage />
                        <Route path=path!("/cuenta/bitacora") view=BitacoraPage />
                        <Route path=path!("/cuenta/contrasena") view=PasswordPage />
                    </ParentRoute>
                </Routes>
            </Router>
            // Last: islands hydrate in the page's order, each lazy one once
            // its code has come.
            <HydrationMark />
        </I18nContextProvider>
    }
}

/// Marks `<body data-hydrated>` once the WASM has taken over every island
/// of the page, so that end-to-end tests never click on inert server markup.
#[island]
fn HydrationMark() -> impl IntoView {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
