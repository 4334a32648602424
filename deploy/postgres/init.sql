-- One database per service (run once by the official image's entrypoint).
CREATE DATABASE minqing_intake;
CREATE DATABASE minqing_routing;
CREATE DATABASE minqing_evaluation;
CREATE DATABASE minqing_notify;
