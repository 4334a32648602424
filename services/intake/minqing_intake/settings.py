from minqing_kit.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    """Intake's settings; see ServiceSettings for the common ones."""
