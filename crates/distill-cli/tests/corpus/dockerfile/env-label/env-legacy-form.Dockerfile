FROM openjdk:17
ENV JAVA_HOME /usr/lib/jvm/java-17
ENV GREETING hello   world  with spaces
