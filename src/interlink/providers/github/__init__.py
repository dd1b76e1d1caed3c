"""GitHub webhooks: failed workflow runs and Dependabot alerts become alerts; their fixes resolve them."""
