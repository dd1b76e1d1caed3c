"""Email over any SMTP server (Novu calls this nodemailer / Custom SMTP)."""
