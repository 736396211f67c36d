"""Words of a user's account (language choice, login, roles needed, an expired session), Chinese
then English, merged into ``geo.i18n``'s one table."""

from __future__ import annotations

ACCOUNT_TEXT: dict[str, tuple[str, str]] = {
    "account": ("我的账号", "My account"),
    "account_role": ("角色", "Role"),
    "account_language": ("界面语言", "Interface language"),
    "account_language_hint": (
        "登录后在任何浏览器上都使用此语言；页面顶部的语言切换也会修改此设置。",
        "Used in every browser you log in from; the language switch at the top of each page "
        "changes it too.",
    ),
    "account_language_zh": ("中文", "Chinese (中文)"),
    "account_language_en": ("英文（English）", "English"),
    "account_save": ("保存", "Save"),
    "account_saved": (
        "已保存：界面语言为{language}",
        "Saved: the interface language is {language}",
    ),
    "user_label": ("{user} · {role}", "{user} · {role}"),
    "login_failed": (
        "用户名或密码错误；多次失败后须等待片刻再试",
        "Wrong user name or password; after repeated failures, wait a while before trying again",
    ),
    "role_joiner": ("或", " or "),
    "err_needs_role": (
        "需要{roles}角色，请以具有该角色的账号（或管理员账号）登录",
        "This needs the {roles} role: log in as a user who has it (or as an admin)",
    ),
    "err_experts_role": (
        "需要{roles}角色才能查看专家组，请以具有该角色的账号（或管理员账号）登录",
        "Seeing the expert panel needs the {roles} role: log in as a user who has it (or as an "
        "admin)",
    ),
    "err_account_language": (
        "界面语言“{given}”无效，请选择中文或英文",
        "interface language “{given}” is not offered; choose Chinese or English",
    ),
    "err_session_expired": (
        "登录已过期，请重新登录后再提交",
        "Your session has expired: log in again, then submit",
    ),
    "expired_title": ("登录已过期", "Session expired"),
    "expired_kept": (
        "您填写的内容（密码除外）已保留：重新登录后回到原页面即可继续提交。",
        "What you typed (except passwords) is kept: log in again and you are taken back to the "
        "form to submit it.",
    ),
    "expired_back": ("返回原页面", "Back to the form"),
    "expired_restored": (
        "已恢复您上次填写的内容，请检查后再提交。",
        "What you typed before is back in the form: check it and submit again.",
    ),
    "err_login_first": ("请先登录", "Please log in first"),
}
