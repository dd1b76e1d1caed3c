"""Weather for each mapped Place from an Open-Meteo-compatible API."""
