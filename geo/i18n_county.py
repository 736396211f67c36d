"""Words of the county settings an admin keeps (the quota of sites per township), Chinese then
English, merged into ``geo.i18n``'s one table."""

from __future__ import annotations

COUNTY_TEXT: dict[str, tuple[str, str]] = {
    "admin_settings": ("全县设置", "County settings"),
    "settings_quota": ("每乡镇考察点名额", "Sites per township"),
    "settings_quota_intro": (
        "方案定稿时，每个乡镇的考察点数须在此范围内；本设置只有管理员可以修改，对所有方案生效。",
        "A plan is marked final only with every township within these bounds; only an admin "
        "changes them, for every plan.",
    ),
    "settings_quota_min": ("每乡镇至少", "At least per township"),
    "settings_quota_max": ("每乡镇至多", "At most per township"),
    "settings_save": ("保存", "Save"),
    "settings_saved": (
        "每乡镇名额已改为 {low}–{high} 个",
        "Sites per township set to {low}–{high}",
    ),
    "settings_history": ("修改记录", "Changes"),
    "settings_history_none": (
        "尚未修改，按默认 {low}–{high} 个执行",
        "Never changed: the default {low}–{high} applies",
    ),
    "settings_quota_change": (
        "{at}，{user} 将每乡镇名额由 {old} 改为 {new}",
        "{at}: {user} changed the sites per township from {old} to {new}",
    ),
    "plan_quota_county": ("{low}–{high} 个(全县设置)", "{low}–{high} (county setting)"),
    "err_quota_county": (
        "{fields}：每乡镇名额是全县设置，只有管理员可在“管理 > 全县设置”中修改，方案不能自行设置",
        "{fields}: the sites per township are a county setting that only an admin changes "
        "(Admin > County settings); a plan cannot set its own",
    ),
    "err_setting_stale": (
        "全县设置 {setting} 已被他人修改，请刷新后重试",
        "the county setting {setting} was changed meanwhile; reload and try again",
    ),
}
