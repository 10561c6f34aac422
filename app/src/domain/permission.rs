//! Named permissions and the built-in roles that bundle them.
use serde::{Deserialize, Serialize};

/// A named permission a role may grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    #[serde(rename = "crm.dashboard.view")]
    DashboardView,
    #[serde(rename = "crm.deals.view_all")]
    DealsViewAll,
    #[serde(rename = "crm.deals.edit_all")]
    DealsEditAll,
    #[serde(rename = "crm.deals.edit_own")]
    DealsEditOwn,
    #[serde(rename = "crm.pipeline.configure")]
    PipelineConfigure,
    #[serde(rename = "account.users.manage")]
    UsersManage,
    #[serde(rename = "account.plan.manage")]
    PlanManage,
    /// Webhooks and automation rules, which act on and send every deal.
    #[serde(rename = "account.integrations.manage")]
    IntegrationsManage,
}

impl Permission {
    pub const ALL: [Permission; 8] = [
        Permission::DashboardView,
        Permission::DealsViewAll,
        Permission::DealsEditAll,
        Permission::DealsEditOwn,
        Permission::PipelineConfigure,
        Permission::UsersManage,
        Permission::PlanManage,
        Permission::IntegrationsManage,
    ];

    /// The stable name stored in the database and used by the API.
    pub fn name(self) -> &'static str {
        match self {
            Permission::DashboardView => "crm.dashboard.view",
            Permission::DealsViewAll => "crm.deals.view_all",
            Permission::DealsEditAll => "crm.deals.edit_all",
            Permission::DealsEditOwn => "crm.deals.edit_own",
            Permission::PipelineConfigure => "crm.pipeline.configure",
            Permission::UsersManage => "account.users.manage",
            Permission::PlanManage => "account.plan.manage",
            Permission::IntegrationsManage => "account.integrations.manage",
        }
    }

    pub fn from_name(name: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// Whether these permissions let their holder add deals, organizations,
/// contacts and activities: editing one's own deals or all.
pub fn may_add_records(granted: &[Permission]) -> bool {
    granted.contains(&Permission::DealsEditOwn) || granted.contains(&Permission::DealsEditAll)
}

/// Whether someone holding `held` may grant, assign or act on `wanted`:
/// nobody hands out, or touches a user holding, a permission they do not
/// hold themselves (so "manage users" alone cannot climb to admin).
pub fn may_grant(held: &[Permission], wanted: &[Permission]) -> bool {
    wanted.iter().all(|p| held.contains(p))
}

/// The three roles every account starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BuiltinRole {
    Admin,
    Gerente,
    Vendedor,
}

impl BuiltinRole {
    pub const ALL: [BuiltinRole; 3] = [
        BuiltinRole::Admin,
        BuiltinRole::Gerente,
        BuiltinRole::Vendedor,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BuiltinRole::Admin => "admin",
            BuiltinRole::Gerente => "gerente",
            BuiltinRole::Vendedor => "vendedor",
        }
    }

    pub fn from_key(key: &str) -> Option<BuiltinRole> {
        BuiltinRole::ALL.into_iter().find(|r| r.key() == key)
    }

    /// What each built-in role may do (PRODUCT.md §1).
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            BuiltinRole::Admin => &Permission::ALL,
            BuiltinRole::Gerente => &[DashboardView, DealsViewAll, DealsEditAll, DealsEditOwn],
            BuiltinRole::Vendedor => &[DealsEditOwn],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for p in Permission::ALL {
            assert_eq!(Permission::from_name(p.name()), Some(p));
            assert_eq!(
                serde_json::to_string(&p).unwrap(),
                format!("\"{}\"", p.name())
            );
        }
        assert_eq!(Permission::from_name("crm.everything"), None);
    }

    #[test]
    fn only_what_one_holds_may_be_granted() {
        use Permission::*;
        let manager = [UsersManage];
        assert!(may_grant(&manager, &[]));
        assert!(may_grant(&manager, &[UsersManage]));
        assert!(!may_grant(&manager, &[UsersManage, DealsEditOwn]));
        assert!(!may_grant(&manager, BuiltinRole::Admin.permissions()));
        assert!(!may_grant(&manager, BuiltinRole::Vendedor.permissions()));
        let admin = BuiltinRole::Admin.permissions();
        for role in BuiltinRole::ALL {
            assert!(may_grant(admin, role.permissions()));
        }
        assert!(may_grant(
            BuiltinRole::Gerente.permissions(),
            BuiltinRole::Vendedor.permissions()
        ));
        assert!(!may_grant(
            BuiltinRole::Gerente.permissions(),
            BuiltinRole::Admin.permissions()
        ));
    }

    #[test]
    fn builtin_roles_follow_the_spec() {
        assert_eq!(
            BuiltinRole::Admin.permissions().len(),
            Permission::ALL.len()
        );
        let gerente = BuiltinRole::Gerente.permissions();
        assert!(gerente.contains(&Permission::DashboardView));
        assert!(gerente.contains(&Permission::DealsViewAll));
        assert!(!gerente.contains(&Permission::UsersManage));
        assert!(!gerente.contains(&Permission::PlanManage));
        let vendedor = BuiltinRole::Vendedor.permissions();
        assert_eq!(vendedor, &[Permission::DealsEditOwn]);
    }
}
