"""The campaign face's messages in each language Interlink has; any other locale gets English."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "listed": "Integrations fetched successfully",
        "fetched": "Integration fetched successfully",
        "created": "Integration created successfully",
        "deleted": "Integration deleted successfully",
        "invalid": "The request is invalid",
        "unauthorized": "A valid API key is required",
        "forbidden": "This API key is not allowed to do this",
        "not_found": "Integration not found",
        "conflict": "The request conflicts with the current state; retry later",
        "error": "The request could not be processed",
    },
    "de": {
        "listed": "Integrationen erfolgreich abgerufen",
        "fetched": "Integration erfolgreich abgerufen",
        "created": "Integration erfolgreich erstellt",
        "deleted": "Integration erfolgreich gelöscht",
        "invalid": "Die Anfrage ist ungültig",
        "unauthorized": "Ein gültiger API-Schlüssel ist erforderlich",
        "forbidden": "Dieser API-Schlüssel darf das nicht",
        "not_found": "Integration nicht gefunden",
        "conflict": "Die Anfrage steht im Konflikt mit dem aktuellen Zustand; bitte später erneut versuchen",
        "error": "Die Anfrage konnte nicht verarbeitet werden",
    },
    "fr": {
        "listed": "Intégrations récupérées avec succès",
        "fetched": "Intégration récupérée avec succès",
        "created": "Intégration créée avec succès",
        "deleted": "Intégration supprimée avec succès",
        "invalid": "La requête est invalide",
        "unauthorized": "Une clé API valide est requise",
        "forbidden": "Cette clé API n'est pas autorisée à faire cela",
        "not_found": "Intégration introuvable",
        "conflict": "La requête est en conflit avec l'état actuel ; réessayez plus tard",
        "error": "La requête n'a pas pu être traitée",
    },
    "es": {
        "listed": "Integraciones obtenidas correctamente",
        "fetched": "Integración obtenida correctamente",
        "created": "Integración creada correctamente",
        "deleted": "Integración eliminada correctamente",
        "invalid": "La solicitud no es válida",
        "unauthorized": "Se requiere una clave de API válida",
        "forbidden": "Esta clave de API no tiene permiso para hacer esto",
        "not_found": "Integración no encontrada",
        "conflict": "La solicitud entra en conflicto con el estado actual; inténtelo de nuevo más tarde",
        "error": "No se pudo procesar la solicitud",
    },
    "it": {
        "listed": "Integrazioni recuperate con successo",
        "fetched": "Integrazione recuperata con successo",
        "created": "Integrazione creata con successo",
        "deleted": "Integrazione eliminata con successo",
        "invalid": "La richiesta non è valida",
        "unauthorized": "È necessaria una chiave API valida",
        "forbidden": "Questa chiave API non è autorizzata a farlo",
        "not_found": "Integrazione non trovata",
        "conflict": "La richiesta è in conflitto con lo stato attuale; riprova più tardi",
        "error": "Impossibile elaborare la richiesta",
    },
    "pt": {
        "listed": "Integrações obtidas com sucesso",
        "fetched": "Integração obtida com sucesso",
        "created": "Integração criada com sucesso",
        "deleted": "Integração excluída com sucesso",
        "invalid": "A solicitação é inválida",
        "unauthorized": "É necessária uma chave de API válida",
        "forbidden": "Esta chave de API não tem permissão para fazer isso",
        "not_found": "Integração não encontrada",
        "conflict": "A solicitação entra em conflito com o estado atual; tente novamente mais tarde",
        "error": "Não foi possível processar a solicitação",
    },
}
_BY_STATUS = {400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 422: "invalid"}


def language(locale: str) -> str:
    """The language of a path locale (``de``, ``fr-CA``, ``pt_BR``), or English when Interlink lacks it."""
    primary = locale.replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in MESSAGES else "en"


def text(locale: str, key: str) -> str:
    return MESSAGES[language(locale)][key]


def for_status(locale: str, status: int) -> str:
    return text(locale, _BY_STATUS.get(status, "error"))
